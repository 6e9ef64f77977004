"""Sphinx configuration for the own-words edition of Tong Zhao's 2017 essay.

Read top to bottom: project, MyST, our extensions, HTML, ePub.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
# Our small extensions live beside the content they serve.
sys.path.insert(0, str(HERE / "_ext"))

# -- Project ------------------------------------------------------------------

project = "Pressure, Engagement and Risk Reduction"
author = "Tong Zhao"
editors = "the Risk Reduction Edition editors"
# The version of this edition, not of the essay (which has none).
version = release = "1.0"
# Our restatement is CC BY 4.0; the original's rights stay with its owners.
copyright = "2026, the Risk Reduction Edition editors; text licensed CC BY 4.0"
language = "en"
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
# Every cross-reference must resolve: nitpicky turns a dangling one into a
# warning, and the build treats warnings as errors.
nitpicky = True
# Our glossary_terms extension reports unknown terms at their exact line.
suppress_warnings = ["ref.term"]
# Strict input: a source that is not UTF-8 fails rather than being guessed at.
source_encoding = "utf-8-sig"

extensions = [
    "myst_parser",
    "glossary_terms",
    "epub_book",
]

# -- MyST ---------------------------------------------------------------------

# colon_fence: ::: directives read better in prose; deflist for plain lists.
myst_enable_extensions = ["colon_fence", "deflist"]
# Headings get stable anchors so links into a section survive re-wording.
myst_heading_anchors = 3

# -- Our extensions -------------------------------------------------------------

# The glossary entries the essay cannot do without (see glossary_terms.py).
glossary_required_terms = ["maximum pressure", "risk reduction", "red lines"]
# Every glossary entry must be used from a page under this folder.
glossary_usage_prefix = "essay/"

# -- HTML -----------------------------------------------------------------------

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static"]
html_theme_options = {
    # Repository buttons would point at a host we may not use; keep the
    # toolbar to what works offline.
    "use_download_button": False,
    "use_fullscreen_button": False,
    "show_toc_level": 2,
}
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False

# -- ePub -----------------------------------------------------------------------

epub_basename = "zhao-risk-reduction"
epub_title = project
epub_author = author
epub_contributor = f"Own-words restatement and glossary by {editors}"
epub_publisher = "Risk Reduction Edition"
epub_copyright = copyright
epub_language = language
epub_description = (
    "An own-words edition of Tong Zhao's essay of 5 November 2017 in The National "
    "Interest: why US pressure on North Korea needs China, and why Washington and "
    "Beijing should choose risk reduction over a contest of risk-taking."
)
# A fixed identifier: the same book keeps the same id from build to build.
epub_identifier = "urn:uuid:283d5bd5-c233-4988-829b-71302a6045dc"
epub_scheme = "uuid"
epub_uid = "book-id"
epub_show_urls = "no"
epub_use_index = False
epub_tocdepth = 2
epub_exclude_files = ["search.html"]
