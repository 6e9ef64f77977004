"""Three levels of pages for the sidebar: captions, a hidden toctree, a
toctree inside a section, an explicit title, a ``self`` entry, a generated
page, an external link, a page listed twice and an orphan. The tests set
the theme's options (show_navbar_depth and the rest) per build."""

project = "Sidebar Levels"
extensions = ["sphinx_edition.sidebar"]
html_theme = "sphinx_book_theme"
exclude_patterns = ["_build"]
