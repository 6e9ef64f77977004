"""``python -m sphinx_edition``: the ``sphinx-edition`` command."""

import sys

from sphinx_edition.cli import main

sys.exit(main())
