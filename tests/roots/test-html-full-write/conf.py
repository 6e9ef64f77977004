"""Three small pages, to show what an incremental HTML build publishes."""

project = "Full Write Test"
extensions = ["myst_parser", "sphinx_sitemap", "html_full_write"]
html_baseurl = "https://example.org/"
sitemap_url_scheme = "{link}"
