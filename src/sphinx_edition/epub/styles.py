"""What the book's stylesheets load.

Stylesheets are assets the builder copies (the theme's, ours), not pages it
writes, so following their ``url()`` and ``@import`` references is reading
an input: it tells which fonts and images a used stylesheet needs.
"""

from __future__ import annotations

import re

CSS_REF = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def css_refs(text: str) -> list[str]:
    """What a stylesheet loads (commented-out rules load nothing)."""
    return [m.group(1) or m.group(2) for m in CSS_REF.finditer(CSS_COMMENT.sub("", text))]
