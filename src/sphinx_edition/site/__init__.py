"""The website's extensions: ``assets`` (one stylesheet and script per page),
``manifest`` (what each page loads, recorded as it is written), ``hosting``
(what hosts and search engines read) and ``incremental`` (an edit rewrites
the pages it affects, and the search index keeps every page). Which builders
make the site is ``sphinx_edition.outputs``'s to say."""
