"""The glossary extensions' tests run on small roots (tests/roots/test-glossary-*).

sphinx.testing builds a copy of each root in a temporary folder, so a root's
conf.py cannot find docs/_ext relative to itself: put it on the path here.
"""

from __future__ import annotations

import sys

from support import DOCS

sys.path.insert(0, str(DOCS / "_ext"))
