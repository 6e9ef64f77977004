"""What the builders print, each message once per build.

Every builder of every edition reads the same sources, so a problem in them
(a required glossary term missing, say) would be reported by the site's
builder, then by the ePub's, the PDF's and each translation's: fifteen lines
for three problems. The pipeline passes each line on the first time a
builder prints it, and drops it after that. The build still fails wherever
Sphinx counted a warning; only the repetition goes.
"""

from __future__ import annotations

import io
from typing import TextIO


class OncePerBuild(io.TextIOBase):
    """A text stream that passes each line to ``target`` once; ``seen`` holds
    the lines already passed, shared by every builder of one build."""

    def __init__(self, target: TextIO, seen: set[str]) -> None:
        super().__init__()
        self.target, self.seen, self.pending = target, seen, ""

    def write(self, text: str) -> int:
        lines = (self.pending + text).split("\n")
        self.pending = lines.pop()
        for line in lines:
            self.pass_on(line + "\n")
        return len(text)

    def pass_on(self, line: str) -> None:
        if line.strip():
            if line in self.seen:
                return
            self.seen.add(line)
        self.target.write(line)

    def flush(self) -> None:
        if self.pending:
            self.pass_on(self.pending)
            self.pending = ""
        self.target.flush()

    def isatty(self) -> bool:
        return self.target.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.target, "encoding", "utf-8")
