project = "Manifest"
extensions = ["sphinx_edition.site.manifest"]
html_static_path = ["_static"]
html_logo = "_static/logo.svg"
