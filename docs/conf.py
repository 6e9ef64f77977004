"""Sphinx configuration for the own-words edition of Tong Zhao's 2017 essay.

Read top to bottom: project, MyST, our extensions, HTML, ePub.
"""

from __future__ import annotations

import os

# -- Project ------------------------------------------------------------------

project = "Pressure, Engagement and Risk Reduction"
# The title html_baseurl, epub_description, epub_identifier and epub_basename
# below were written for: when project changes, the build warns until they are
# checked and this is updated (sphinx_edition.cite.leftovers).
edition_settings_title = "Pressure, Engagement and Risk Reduction"
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
# Strict input: a source that is not UTF-8 fails rather than being guessed at.
source_encoding = "utf-8-sig"

# Our extensions are the sphinx_edition package (src/sphinx_edition), which
# scripts/build installs into .venv; see ARCHITECTURE.md.
extensions = [
    "myst_parser",
    # Glossary entries and term uses recorded and checked (unknown, unused,
    # required, duplicate entries reported at their lines).
    "sphinx_edition.glossary",
    # Each glossary entry ends with links back to every use in the essay.
    "sphinx_edition.glossary.backlinks",
    # On the site, a term link shows its definition.
    "sphinx_edition.glossary.previews",
    # Plain-language errors for broken sources (unclosed fences, no title, ...).
    "sphinx_edition.checks",
    # The ePub: accessibility, glossary semantics, front matter, same bytes.
    "sphinx_edition.epub",
    # The PDF (sphinx-build -b pdf): tagged, through WeasyPrint (see PDF below).
    "sphinx_edition.pdf",
    # Citation tags and the footer's credit on every page, the about page's
    # "cite this edition" block, the ePub's creators, source, subjects and
    # date, and CITATION.cff, from cite_metadata (see Citation below).
    "sphinx_edition.cite",
    # The editions in other languages (see Translations below): their settings,
    # and on the site a switch to the same page in the other language.
    "sphinx_edition.languages",
    # The website: OpenGraph/description tags, a 404 page, our asset
    # bundles, sitemap and robots.txt (see the HTML section).
    "notfound.extension",
    "sphinx_edition.site.assets",
    "sphinx_edition.site.hosting",
    # An edit rewrites the pages it affects; the search index stays whole.
    "sphinx_edition.site.incremental",
    # The theme's sidebar navigation drawn once per build, not once per page
    # (the same bytes; fast_sidebar = False gives the theme's own).
    "sphinx_edition.sidebar",
    # Search: a typed query split the way the index was; English words
    # stemmed once, not once per use.
    "sphinx_edition.site.search",
]

# -- MyST ---------------------------------------------------------------------

# colon_fence: ::: directives read better in prose; deflist for plain lists.
myst_enable_extensions = ["colon_fence", "deflist"]
# Headings get stable anchors so links into a section survive re-wording.
myst_heading_anchors = 3

# -- Our extensions -------------------------------------------------------------

# The glossary entries the essay cannot do without.
glossary_required_terms = ["maximum pressure", "risk reduction", "red lines"]
# Uses that count, and are linked back to from the glossary: the essay's.
glossary_usage_prefix = "essay/"
# Every entry must be used there.
glossary_check_unused = True
glossary_backlinks_label = "Used in the essay:"
# The glossary's (and the index's) order, by language: a Chinese reader looks
# a term up in pinyin order; other languages keep Sphinx's (code point) order.
glossary_sort_keys = {"zh": "pinyin"}

# -- HTML -----------------------------------------------------------------------

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static"]
# sphinx_edition.site.assets swaps the theme's asset tags for our bundles and
# draws the sidebar top with landmarks (its site-sidebar-top.html).
html_sidebars = {"**": ["site-sidebar-top.html", "sbt-sidebar-nav.html"]}
html_theme_options = {
    # Repository buttons would point at a host we may not use; keep the
    # toolbar to what works offline.
    "use_download_button": False,
    "use_fullscreen_button": False,
    "show_toc_level": 2,
    # No bar above the page: pydata-sphinx-theme 0.20 puts a second search
    # button there unless this is set, which the book theme leaves unset;
    # the sidebar and the article's toolbar already offer search.
    "navbar_persistent": [],
}
# Where the site is published: the one place the address is written. Canonical
# links, the sitemap, robots.txt, OpenGraph URLs and the 404 page's links all
# derive from it. A host that serves the site elsewhere (the GitHub Pages
# workflow) passes its own address in SITE_BASEURL.
html_baseurl = (
    os.environ.get("SITE_BASEURL") or "https://zhao-risk-reduction.readthedocs.io/en/latest/"
)
if not html_baseurl.endswith("/"):
    html_baseurl += "/"
# The 404 page is served at any depth, so its links are absolute from here.
notfound_urls_prefix = "/" + html_baseurl.split("://", 1)[1].split("/", 1)[1]
notfound_context = {
    "title": "Page not found",
    "body": (
        "<h1>Page not found</h1>"
        "<p>There is no page at this address. The essay and its glossary are "
        "listed in the contents; the search box finds a word anywhere in them.</p>"
    ),
}
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False

# -- ePub -----------------------------------------------------------------------

epub_basename = "zhao-risk-reduction"
epub_title = project
epub_author = author
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
# A section's entry is not repeated as the first of its own children (the
# NCX showed "The essay" under "The essay").
epub_tocdup = False
epub_exclude_files = ["search.html"]
# The website's stylesheets stay on the website; epub_book adds the book's own.
epub_css_files: list[str] = []
# A typographic cover drawn by scripts/make_cover.py; "" = no Sphinx cover page,
# sphinx_edition.epub writes its own with a real description.
epub_cover = ("_static/cover.png", "")
# The cover's words beside the title and author, for scripts/make_cover.py
# (run it after changing them, the title or the author): a label above the
# title and lines at the foot.
cover_label = "AN OWN-WORDS EDITION"
cover_footer = ["An essay of 2017 on North Korea,", "the United States and China"]
epub_cover_alt = (
    f"Cover: {project}, by {author}. An own-words edition of an essay of 2017 on "
    "North Korea, the United States and China."
)
epub_title_page = [
    "An own-words edition of his essay of 5 November 2017 in The National Interest",
    f"Restatement and glossary by {editors}",
]
# Where the reader's "start of text" lands: the essay, after the landing page.
epub_bodymatter = "essay/index"
# EPUB Accessibility 1.1. Access modes and features are worked out from the
# content by sphinx_edition.epub; the claim and the summary are ours to make.
epub_a11y_conforms_to = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
epub_a11y_certified_by = editors
epub_a11y_hazards = ["none"]
epub_a11y_summary = (
    "Reflowable text in a declared language, with headings for every section, a table "
    "of contents, a reading order that follows it, and landmarks. Every glossary term "
    "links to its definition, and the glossary is marked up as one. The only image, the "
    "cover, has a text alternative that repeats its words. No colour, sound or motion "
    "carries meaning, and nothing flashes."
)

# -- Translations ---------------------------------------------------------------

# Catalogs live in docs/locales/<lang>/LC_MESSAGES/, one per page
# (gettext_compact = False), so essay/risk-reduction.po holds exactly that page's
# messages; EDITING.md's "Translations" says how to update them after an English edit.
locale_dirs = ["locales/"]
gettext_compact = False
# Stable, reviewable catalogs: no per-paragraph uuids, and no "#: file:line"
# comments, which would change with every edit above a message (and with the
# directory the catalogs were built from) while the message itself did not.
gettext_uuid = False
gettext_location = False

# The editions scripts/build makes, by language code (the catalog folder's
# name): where each one's site sits under the English one's, its name in the
# language switch (in its own language), what is built of it and the settings
# that differ. sphinx_edition.languages applies a language's settings whenever
# Sphinx builds in it (sphinx-build -D language=zh_CN alone makes the Chinese
# book) and gives a translation its own address (html_baseurl + path), ePub
# language tag and file names (zhao-risk-reduction-zh-CN.epub).
edition_languages = {
    "en": {"path": "", "name": "English"},
    "zh_CN": {
        "path": "zh-cn/",
        "name": "简体中文",
        # The PDF is set in Noto Serif CJK SC (Debian's fonts-noto-cjk, which
        # scripts/build installs: see scripts/_system.sh) beside DejaVu.
        "outputs": ["html", "epub", "pdf"],
        "overrides": {
            "project": "施压、接触与降低风险",
            "html_title": "施压、接触与降低风险",
            "copyright": "2026，降低风险版编者；文本采用 CC BY 4.0 许可",
            "glossary_backlinks_label": "见于文章：",
            "glossary_backlinks_ordinal": "{section}（第{n}处，共{count}处）",
            "site_section_toggle_label": "{section}的各节",
            # The search field's placeholder and name (a theme option, so
            # not in any catalog).
            "html_theme_options": {**html_theme_options, "search_bar_text": "搜索……"},
            "notfound_context": {
                "title": "找不到页面",
                "body": (
                    "<h1>找不到页面</h1>"
                    "<p>这个地址上没有页面。文章及其术语表列在目录中；搜索框可以在其中查找任何词语。</p>"
                ),
            },
            "epub_title": "施压、接触与降低风险",
            "epub_author": "赵通",
            "epub_copyright": "2026，降低风险版编者；文本采用 CC BY 4.0 许可",
            # The editors' group and imprint, named in Chinese (cite_metadata's
            # are set below, with the rest of the citation).
            "epub_publisher": "降低风险版",
            "epub_a11y_certified_by": "降低风险版编者",
            "cite_credit": (
                "赵通（{authors}）一篇文章（{venue}，{date}）的重述本：观点属于赵通；"
                "措辞、术语表和注释出自{editors}。"
            ),
            "epub_description": (
                "赵通2017年11月5日发表于《国家利益》的文章的重述本：美国对朝鲜施压为何离不开中国，"
                "华盛顿与北京为何应当选择降低风险，而不是竞相冒险。"
            ),
            # Another book, so another identifier, fixed like the English one.
            "epub_identifier": "urn:uuid:84645b09-ea2d-4917-9eee-f253f0f89a8f",
            # The cover's words are English, drawn with Latin-only fonts: the
            # Chinese book has none until a Chinese one can be drawn.
            "epub_cover": (),
            "epub_title_page": [
                "他于2017年11月5日发表在《国家利益》上的文章的重述本",
                "重述与术语表：本版编者",
            ],
            "epub_a11y_summary": (
                "可重排的文字，声明了语言；每一节都有标题，有目录，阅读顺序与目录一致，并有地标。"
                "每个术语都链接到它的释义，术语表按术语表的语义标记。书中没有图片。"
                "没有任何含义只靠颜色、声音或动态表达，也没有闪烁的内容。"
            ),
        },
    },
}

# -- PDF ------------------------------------------------------------------------

# scripts/build publishes the PDF as _build/pdf/<name>.pdf and beside the
# site's pages, where the landing page links it.
pdf_basename = epub_basename

# -- Citation -------------------------------------------------------------------

# What a citation of this edition needs beyond the title, version, language and
# address above. The page tags, the about page's block, the site's credit line,
# the PDF's title page, the ePub's package metadata and CITATION.cff
# (scripts/make_citation.py) are all made from it. This edition restates
# another work ("original"), so it is cited with the essay's author as author
# (no "authors" of its own) and the editors as editors. An original work
# leaves "original" out and names its "authors" (ADOPTING.md).
cite_metadata = {
    "original": {
        "title": "America's Efforts to Subdue North Korea Will Fail—Unless China Gets Involved",
        "authors": [{"given": "Tong", "family": "Zhao"}],
        "venue": "The National Interest",
        "date": "2017-11-05",
        # How a citation's note (BibTeX, CITATION.cff, the about page) names
        # what this edition is of it.
        "relation": "Own-words edition of",
    },
    # A group, named as a reference list shows it (without "the").
    "editors": [{"name": editors.removeprefix("the ")}],
    "publisher": epub_publisher,
    "license": "CC-BY-4.0",
    "abstract": epub_description,
    "pdf": f"{pdf_basename}.pdf",
    # What the edition is about: the ePub's dc:subject entries (no commas:
    # calibre splits a subject at them).
    "subjects": [
        "North Korea",
        "Nuclear weapons",
        "United States–China relations",  # noqa: RUF001 (an en dash joins the pair)
        "Risk reduction",
    ],
    # The date of this edition (version 1.0): the ePub's dc:date, the site's
    # citation tags, the PDF's title page and CITATION.cff. Set it anew with
    # each version; None would date the edition by its build instead.
    "date": "2026-11-29",
}
# The Chinese edition's citation: the same facts, with what is said in words
# said in Chinese (the original's title and venue stay as published), and
# its own PDF.
edition_languages["zh_CN"]["overrides"]["cite_metadata"] = {
    **cite_metadata,
    # What this edition is of the original, in the citation's words.
    "original": {**cite_metadata["original"], "relation": "重述"},
    "editors": [{"name": "降低风险版编者"}],
    "publisher": "降低风险版",
    "abstract": edition_languages["zh_CN"]["overrides"]["epub_description"],
    "pdf": f"{pdf_basename}-zh-CN.pdf",
    "subjects": ["朝鲜", "核武器", "中美关系", "降低风险"],
}
# The credit line under every page of the site and at the foot of printed
# pages, with fields filled from cite_metadata ({editors}, {authors},
# {title}, {venue}, {date}, {relation}); each translation gives its own in its
# overrides. Without it, the package's own (translatable) default.
cite_credit = (
    "Own-words edition of an essay by {authors} ({venue}, {date}): the ideas are his; "
    "the wording, glossary and notes are by the {editors}."
)
