"""Every kind of bad input fails the build at its file and line, and publishes nothing.

Each case breaks one thing in a private copy of docs/ and builds it into a
copy of an output folder that already holds a good build, as an editor's
_build/ would. The builds are of the source language's site and ePub
(``support.source_part``), the builders that read the sources first and
report what is wrong with them; test_atomic_publish breaks the whole book.
The broken builds run in parallel threads (each is a subprocess), so the
whole set costs a few full builds.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import (
    Build,
    copy_docs,
    entry_names,
    required_terms,
    run_build,
    source_part,
    text_pages,
)

# What the cases break, read from the book (docs/ and conf.py), so they run
# on any content: a page of the text, another beside it, glossary entries.
ESSAY = text_pages()[0]
OTHER = text_pages()[-1]
FIRST_ENTRY, SECOND_ENTRY = entry_names()[:2]
REQUIRED = required_terms()[0] if required_terms() else None


def append(docs: Path, rel: str, text: str) -> int:
    """Append ``text`` to a page; the line number of its first non-blank line."""
    page = docs / rel
    before = page.read_text(encoding="utf-8")
    if not before.endswith("\n"):
        before += "\n"
    page.write_text(before + text, encoding="utf-8")
    leading = len(text) - len(text.lstrip("\n"))
    return before.count("\n") + leading + 1


def replace(docs: Path, rel: str, old: str, new: str) -> int:
    """Replace the first ``old`` in a page; the line where it stood."""
    page = docs / rel
    text = page.read_text(encoding="utf-8")
    assert old in text, old
    page.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def unknown_term(docs: Path) -> tuple[str, int]:
    return ESSAY, append(docs, ESSAY, "\nSee {term}`no such term`.\n")


def unused_entry(docs: Path) -> tuple[str, int]:
    line = replace(
        docs,
        "glossary.md",
        f"\n{SECOND_ENTRY}\n",
        f"\nzebra crossing\n  Made up.\n\n{SECOND_ENTRY}\n",
    )
    return "glossary.md", line + 1


def required_entry_removed(docs: Path) -> tuple[str, int | None]:
    # Renamed, not deleted, so every use of it is reported as well.
    replace(docs, "glossary.md", f"\n{REQUIRED}\n", "\nblue lines\n")
    return "glossary.md", None


def duplicate_term(docs: Path) -> tuple[str, int]:
    # After the first entry's definition, so this one is the second.
    entry = f"\n{SECOND_ENTRY}\n"
    line = replace(docs, "glossary.md", entry, f"\n{FIRST_ENTRY}\n  Twice.\n" + entry)
    return "glossary.md", line + 1


def missing_page_link(docs: Path) -> tuple[str, int]:
    return ESSAY, append(docs, ESSAY, "\nSee [the notes](missing.md).\n")


def missing_anchor(docs: Path) -> tuple[str, int]:
    return ESSAY, append(docs, ESSAY, "\nSee [above](#no-such-anchor).\n")


def missing_anchor_elsewhere(docs: Path) -> tuple[str, int]:
    target = Path(OTHER).relative_to(Path(ESSAY).parent).as_posix()
    return ESSAY, append(docs, ESSAY, f"\nSee [that]({target}#no-such-anchor).\n")


def page_in_no_toctree(docs: Path) -> tuple[str, int]:
    stray = (Path(ESSAY).parent / "stray.md").as_posix()
    (docs / stray).write_text("# Stray\n\nText.\n", encoding="utf-8")
    return stray, 1


def unclosed_fence(docs: Path) -> tuple[str, int]:
    return ESSAY, append(docs, ESSAY, "\n```text\nnot closed\n\nMore prose.\n")


def unknown_directive(docs: Path) -> tuple[str, int]:
    return ESSAY, append(docs, ESSAY, "\n```{notadirective}\nx\n```\n")


def bad_directive_option(docs: Path) -> tuple[str, int]:
    # MyST names the option's own line, one below the fence.
    return ESSAY, append(docs, ESSAY, "\n```{note}\n:nosuch: 1\n\nx\n```\n") + 1


def image_without_alt(docs: Path) -> tuple[str, int]:
    return ESSAY, append(docs, ESSAY, "\n![](../_static/cover.png)\n")


def page_without_title(docs: Path) -> tuple[str, int]:
    [title] = [
        line for line in (docs / ESSAY).read_text("utf-8").splitlines() if line.startswith("# ")
    ]
    replace(docs, ESSAY, title + "\n", "")
    return ESSAY, 1


def not_utf8(docs: Path) -> tuple[str, int]:
    page = docs / ESSAY
    data = page.read_bytes()
    page.write_bytes(data + b"\nCaf\xe9 society.\n")
    return ESSAY, data.count(b"\n") + 2


@dataclass(frozen=True)
class Case:
    breaks: Callable[[Path], tuple[str, int | None]]
    says: str  # a phrase of the message that tells the editor what is wrong


CASES = {
    "unknown term": Case(unknown_term, "unknown glossary term 'no such term'"),
    "unused entry": Case(unused_entry, "glossary entry 'zebra crossing' is not used"),
    "duplicate term": Case(duplicate_term, f"glossary term {FIRST_ENTRY!r} is defined twice"),
    "link to a missing page": Case(missing_page_link, "What to do: the link points at no page"),
    "link to a missing anchor": Case(missing_anchor, "What to do: the link points at no page"),
    "link to a missing anchor on another page": Case(
        missing_anchor_elsewhere, "What to do: the link points at no page"
    ),
    "page in no toctree": Case(page_in_no_toctree, "this page is in no table of contents"),
    "unclosed fence": Case(unclosed_fence, "opened here with ``` is never closed"),
    "unknown directive": Case(unknown_directive, "no directive has that name"),
    "bad directive option": Case(bad_directive_option, "that option is not one the directive"),
    "image without alt text": Case(image_without_alt, "has no alt text"),
    "page without title": Case(page_without_title, "this page has no title"),
    "file not UTF-8": Case(not_utf8, "this file is not UTF-8 text"),
}
if REQUIRED:  # a book with no required entries has none to remove
    CASES["required entry removed"] = Case(
        required_entry_removed, f"required glossary entry {REQUIRED!r}"
    )


def digest(out: Path) -> dict[str, str]:
    """sha256 of every published file (the working folder .work is not published)."""
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".work" not in p.relative_to(out).parts
    }


@dataclass(frozen=True)
class Broken:
    build: Build
    docs: Path
    where: tuple[str, int | None]
    before: dict[str, str]
    after: dict[str, str]


@pytest.fixture(scope="module")
def broken(part_book: Build, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Broken]:
    good = part_book  # a build of the unbroken sources, copied before each break
    before = digest(good.out)
    assert any(name.endswith(".epub") for name in before)

    def run(name: str) -> Broken:
        base = tmp_path_factory.mktemp(re.sub(r"\W+", "-", name))
        docs = copy_docs(base / "docs")
        where = CASES[name].breaks(docs)
        out = base / "out"
        shutil.copytree(good.out, out, symlinks=True)
        build = run_build(out, docs, *source_part())
        return Broken(build, docs, where, before, digest(out))

    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(zip(CASES, pool.map(run, CASES), strict=True))


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_fails_at_file_and_line(broken: dict[str, Broken], name: str) -> None:
    result = broken[name]
    output = result.build.output
    assert result.build.returncode != 0, output
    rel, line = result.where
    path = re.escape(str(result.docs / rel))
    at = rf"{path}:{line}: " if line else rf"{path}:\d+: "
    # The message that explains the problem stands at the file and line.
    assert re.search(at + r"WARNING: .*" + re.escape(CASES[name].says), output), output
    assert "Traceback" not in output, output


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_publishes_nothing(broken: dict[str, Broken], name: str) -> None:
    result = broken[name]
    assert result.after == result.before
    assert "were left as they were" in result.build.output


def test_at_least_ten_kinds() -> None:
    assert len(CASES) >= 10
