from __future__ import annotations

import sys

from support import DOCS

# The extension under test is imported by name, as docs/conf.py does.
sys.path.insert(0, str(DOCS / "_ext"))
