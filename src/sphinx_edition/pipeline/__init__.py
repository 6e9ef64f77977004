"""The edition as a program: every edition's outputs built, then published together.

``sphinx-edition build`` (``sphinx_edition.cli``) runs :func:`run.build`:

* ``lock``: one build at a time per output folder;
* ``config``: ``conf.py`` read through Sphinx's ``Config``, for the editions
  (``sphinx_edition.editions``) and what each makes;
* ``run``: each edition's builders, into working folders under
  ``<out>/.work`` (kept between runs, so an edit rebuilds only what it
  touched), the PDF in a forked child beside the others;
* ``publish``: only when every builder finished without a warning, the new
  outputs are staged beside the published ones and swapped in, all or none.
"""
