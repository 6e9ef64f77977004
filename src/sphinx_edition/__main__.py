"""``python -m sphinx_edition``: the ``sphinx-edition`` command."""

from sphinx_edition.cli import run

run()
