"""sphinx.testing runs a copy of each test root from a temporary folder, so a
root's conf.py cannot find docs/_ext relative to itself: put it on the path
here, for the roots' ``extensions`` to import."""

from __future__ import annotations

import sys

from support import DOCS

sys.path.insert(0, str(DOCS / "_ext"))
