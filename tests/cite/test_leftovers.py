"""Leftovers of another edition, each a warning at the conf.py line to change:
settings written for another title, pages crediting an author the project
does not name, a translation without catalogs."""

from __future__ import annotations

import io
import re

import pytest
from sphinx.testing.util import SphinxTestApp


def said(warning: io.StringIO) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", warning.getvalue())


@pytest.mark.sphinx(
    "html", testroot="cite", confoverrides={"edition_settings_title": "An Older Book"}
)
def test_settings_written_for_another_title_are_named(
    app: SphinxTestApp, warning: io.StringIO
) -> None:
    text = said(warning)
    assert re.search(
        r"conf\.py:1: WARNING: project is 'Cite Test Edition', but html_baseurl, "
        r"epub_description, epub_identifier, epub_basename in conf\.py were written for "
        r"'An Older Book' \(edition_settings_title\)",
        text,
    ), text


@pytest.mark.sphinx(
    "html", testroot="cite", confoverrides={"edition_settings_title": "Cite Test Edition"}
)
def test_settings_for_this_title_pass(app: SphinxTestApp, warning: io.StringIO) -> None:
    app.build()
    assert "WARNING" not in said(warning)


@pytest.mark.sphinx("html", testroot="cite", confoverrides={"author": "Wren Writer"})
def test_pages_crediting_an_author_the_project_does_not_name(
    app: SphinxTestApp, warning: io.StringIO
) -> None:
    app.build()
    text = said(warning)
    assert re.search(
        r"conf\.py:\d+: WARNING: every page will credit Ann Author, Bo de la Writer "
        r"\(cite_metadata\['original'\]\['authors'\]\), but author in conf\.py is "
        r"'Wren Writer'",
        text,
    ), text


@pytest.mark.sphinx("html", testroot="book-role", confoverrides={"language": "de"})
def test_a_translation_without_catalogs_is_named(app: SphinxTestApp, warning: io.StringIO) -> None:
    text = said(warning)
    assert re.search(
        r"conf\.py:\d+: WARNING: edition_languages\['de'\] in conf\.py names a translation, "
        r"but locale_dirs \(locales\) hold no catalog for it",
        text,
    ), text
