"""``sphinx_edition.languages``: one book in several languages, published as one site.

``edition_languages`` in ``conf.py`` names the editions, by Sphinx's language
code (the catalog folder's name; the model is ``sphinx_edition.editions``)::

    edition_languages = {
        "en": {"path": "", "name": "English"},
        "zh_CN": {"path": "zh-cn/", "name": "简体中文", "outputs": ["html", "epub"],
                  "overrides": {"html_title": "...", "epub_title": "..."}},
    }

* ``path``: where the edition's site sits under the source edition's (the one
  whose path is ``""``): ``zh-cn/`` puts the Chinese site at
  ``<html_baseurl>zh-cn/``;
* ``name``: the edition's name in the language switch, in its own language;
* ``outputs``: what ``sphinx-edition build`` makes of it (default: ``html``,
  ``epub``, and ``pdf`` when ``sphinx_edition.pdf`` is an extension);
* ``overrides``: settings that differ in that language.

What this extension does with it:

* at ``config-inited`` (before other extensions read the settings), the
  settings of the build's ``language`` apply, so ``sphinx-build -D
  language=zh_CN`` alone makes the whole Chinese book; a ``-D`` on the
  command line still wins. A translation also gets its own address
  (``html_baseurl`` and sphinx-notfound-page's prefix, plus its path), its
  ePub's language (the BCP 47 tag, ``zh-CN``: EPUBCheck rejects ``zh_CN``)
  and file names (``epub_basename``/``pdf_basename`` plus ``-zh-CN``), unless
  its overrides say otherwise;
* on the website's pages, ``<link rel="alternate" hreflang>`` in the head for
  every edition (and ``x-default``: the source), and a switch to the same page
  in the other editions at the top of the article (our
  ``article-header-buttons.html``, which then includes the theme's). The ePub
  and the PDF get neither;
* the ``book`` role links the edition's own ePub or PDF (``books.py``).
"""

from __future__ import annotations

import html
import logging as std_logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from sphinx_edition import __version__
from sphinx_edition.editions import CONFIG_VALUES, Edition, editions
from sphinx_edition.languages import books
from sphinx_edition.outputs import is_site
from sphinx_edition.reporting import conf_location, reported

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent


def derived(config: Config, edition: Edition) -> dict[str, Any]:
    """What a translation changes unless its overrides say otherwise."""
    if not edition.path:
        return {}
    values: dict[str, Any] = {}
    if config.edition_root_url:  # without an address there is nothing to add to
        values["html_baseurl"] = config.edition_root_url + edition.path
    prefix = getattr(config, "notfound_urls_prefix", None)
    if prefix:
        values["notfound_urls_prefix"] = prefix.rstrip("/") + "/" + edition.path
    if "epub_language" in config:
        values["epub_language"] = edition.tag
    for name in ("epub_basename", "pdf_basename"):
        if name in config:
            values[name] = edition.basename(config[name])
    return values


def apply_language(app: Sphinx, config: Config) -> None:
    """The settings of the build's language, over conf.py's (a -D still wins)."""
    config.templates_path = [*config.templates_path, str(HERE / "templates")]
    found = {e.code: e for e in editions(config)}
    if config.language not in found:
        return
    if not config.edition_root_url:
        config.edition_root_url = config.html_baseurl
    entry = config.edition_languages[config.language]
    source_id = getattr(config, "epub_identifier", None)
    values = {**derived(config, found[config.language]), **entry.get("overrides", {})}
    for name, value in values.items():
        if name not in config:
            raise ConfigError(
                f"edition_languages[{config.language!r}]['overrides'] in conf.py sets "
                f"{name!r}, which is no setting of Sphinx or of an extension in use"
            )
        if name not in config.overrides:
            config[name] = value
    if found[config.language].path and source_id and config.epub_identifier == source_id:
        logger.warning(
            "the %s edition's ePub has the source edition's epub_identifier: reading "
            "systems would take the two books for one. Give it its own in "
            "edition_languages[%r]['overrides'] in conf.py",
            config.language,
            config.language,
            type="languages",
            subtype="identifier",
        )


def has_catalogs(app: Sphinx, code: str) -> bool:
    """Whether any of ``locale_dirs`` holds a catalog (``.po``/``.mo``) for ``code``."""
    for folder in app.config.locale_dirs:
        messages = Path(app.confdir, folder, code, "LC_MESSAGES")
        if messages.is_dir() and any(
            path.suffix in (".po", ".mo") for path in messages.rglob("*") if path.is_file()
        ):
            return True
    return False


def check_catalogs(app: Sphinx, config: Config) -> None:
    """A translation without catalogs would publish the source text under the
    translation's name and title: say so at edition_languages."""
    found = {e.code: e for e in editions(config)}
    current = found.get(config.language)
    if current is None or not current.path or has_catalogs(app, current.code):
        return
    logger.warning(
        "edition_languages[%r] in conf.py names a translation, but locale_dirs (%s) hold no "
        "catalog for it (%s/LC_MESSAGES/*.po): its pages would be the source text under "
        "its title. Make the catalogs (sphinx-intl update -l %s) or take it out of "
        "edition_languages",
        current.code,
        ", ".join(config.locale_dirs) or "none",
        current.code,
        current.code,
        location=conf_location(app, "edition_languages"),
        type="languages",
        subtype="catalogs",
    )


def chinese_search(app: Sphinx, config: Config) -> None:
    """Sphinx's Chinese search (words split by jieba), with a page script that runs."""
    if not str(config.language).startswith("zh"):
        return
    from sphinx.search.zh import SearchChinese

    class ChineseSearch(SearchChinese):
        # Sphinx 9.0 names the search page's stemmer after language_name
        # ("ChineseStemmer"), but Chinese stems Latin words with the English
        # one, so every search failed with "ChineseStemmer is not defined"
        # (sphinx-doc/sphinx#14229, fixed by #14416). Drop this class once the
        # lock has a Sphinx with that fix.
        language_name = "English"

    app.add_search_language(ChineseSearch)
    try:
        import jieba
    except ImportError:
        # Not an error: Sphinx then indexes Chinese without splitting it into
        # words. jieba is an optional part of the package.
        logger.info(
            "Chinese search splits text into words with jieba, which is not installed: "
            "pip install 'sphinx-edition[zh]'"
        )
        return
    # It logs its start-up to stderr at every build.
    jieba.setLogLevel(std_logging.WARNING)


# -- The site's pages ---------------------------------------------------------------


def is_not_found_page(app: Sphinx, pagename: str) -> bool:
    """sphinx-notfound-page's page, served at any depth, so its links are absolute."""
    return "notfound_pagename" in app.config and pagename == app.config.notfound_pagename


def alternates(root: str, target: str, all_editions: list[Edition]) -> str:
    """The page's address in every edition; x-default is the source's (path "")."""
    pairs = [(e.tag, root + e.path + target) for e in all_editions]
    pairs.append(("x-default", root + target))
    return "".join(
        f'\n<link rel="alternate" hreflang="{tag}" href="{html.escape(url, quote=True)}" />'
        for tag, url in pairs
    )


@reported
def on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not is_site(app):
        return
    all_editions = editions(app.config)
    current = next((e for e in all_editions if e.code == app.config.language), None)
    if current is None or len(all_editions) < 2:
        return
    root = app.config.edition_root_url
    target = app.builder.get_target_uri(pagename)
    not_found = is_not_found_page(app, pagename)
    if root and not not_found:
        context["metatags"] = context.get("metatags", "") + alternates(root, target, all_editions)
    here = current.path + target
    context["edition_language_links"] = [
        {
            "href": urlsplit(root + e.path + target).path
            if not_found and root
            else relative_uri(here, e.path + target),
            "tag": e.tag,
            "name": e.name,
        }
        for e in all_editions
        if e is not current
    ]


def setup(app: Sphinx) -> dict[str, Any]:
    for name, (default, rebuild, types) in CONFIG_VALUES.items():
        app.add_config_value(name, default, rebuild, types=types)
    # Before other extensions read the settings at config-inited.
    app.connect("config-inited", apply_language, priority=100)
    app.connect("config-inited", check_catalogs)
    app.connect("config-inited", chinese_search)
    app.connect("html-page-context", on_page_context)
    books.setup(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
