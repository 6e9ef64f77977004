"""The documents at the top of the repository: a short front door that leads
to one document per kind of reader, with links that resolve."""

from __future__ import annotations

import re

import pytest
from support import DOCUMENTS, ROOT

README = ROOT / "README.md"
# Issue 21: what a newcomer reads first fits on a few screens; the rest lives
# in the documents it links.
README_MAX_LINES = 200
# A Markdown link to a file of the repository: [text](path) or [text](path#part).
LOCAL_LINK = re.compile(r"\]\((?!https?:|mailto:|#)([^)#\s]+)(?:#[^)]*)?\)")


def test_readme_is_a_front_door() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines"
    text = "\n".join(lines)
    for name in DOCUMENTS[1:]:
        assert f"]({name})" in text, f"README.md does not link {name}"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_local_links_resolve(name: str) -> None:
    text = (ROOT / name).read_text(encoding="utf-8")
    missing = [link for link in LOCAL_LINK.findall(text) if not (ROOT / link).exists()]
    assert not missing, f"{name} links files that do not exist: {missing}"
