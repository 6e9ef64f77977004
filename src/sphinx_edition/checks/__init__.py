"""``sphinx_edition.checks``: checks on the sources that say plainly where an editor went wrong.

The build treats every warning as an error, so a warning is how a check fails
the build. Each one names the file and line and says what to do. This module
covers what Sphinx and MyST either let through or report badly:

* a code fence that is never closed (MyST silently runs it to the end of file);
* a source file that is not UTF-8 (Sphinx stops with a traceback and no file);
* a page with no title (Sphinx blames the toctree, once per page it renders);
* a page in no toctree (Sphinx names the file but no line);
* an image with no alt text (Sphinx says nothing).

Sphinx's and MyST's own messages that already point at the right line get a
short "what to do" appended (see ``ADVICE``). Glossary problems (unknown,
unused, required or duplicate entries) are ``sphinx_edition.glossary``'s.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging as sphinx_logging
from sphinx.util.nodes import get_node_line

from sphinx_edition import __version__
from sphinx_edition.reporting import reported

logger = sphinx_logging.getLogger(__name__)

# Sphinx messages this module replaces with its own, clearer ones.
REPLACED = ["toc.not_included", "toc.no_title"]

# "type.subtype" of a Sphinx or MyST warning -> what the editor should do.
ADVICE = {
    "myst.xref_missing": (
        "the link points at no page or heading. Link a page by its file name relative "
        "to this page ([text](other-page.md)) and a heading by its anchor: the heading's "
        "words in lower case joined by hyphens ([text](#red-lines) or "
        "[text](page.md#red-lines))"
    ),
    "myst.directive_unknown": (
        "no directive has that name: check its spelling after ```{ . For a plain code "
        "block write ```text instead"
    ),
    "myst.directive_option": (
        "that option is not one the directive accepts: fix its spelling (the message "
        "lists the allowed ones) or delete the line"
    ),
    "myst.directive_parse": (
        "the lines after ```{name} could not be read as options: options go in a "
        "---/--- block or as ':name: value' lines, followed by a blank line"
    ),
    "myst.role_unknown": (
        "no role has that name: check its spelling in {name}`...` (common ones are "
        "{term}, {doc} and {ref})"
    ),
    "myst.header": "headings must go down one level at a time (# then ## then ###)",
    "ref.doc": (
        "no page has that name: give the file's path without its suffix (.md, .rst), "
        "relative to this page"
    ),
    "toc.not_readable": (
        "the toctree lists a page that does not exist: fix the name (a path without its "
        "suffix, relative to this page) or create the file"
    ),
}


class Advice(logging.Filter):
    """Append ADVICE to matching warnings (by type and subtype); drop the one
    Sphinx warning that sphinx_edition.glossary reports better.

    That one is the duplicate glossary entry: Sphinx gives it no type to
    suppress it by and names the glossary's first line, where the glossary
    extension names the entry's own. It is told apart by where it is, not
    by its words: a warning with no type whose location is a glossary term
    node (the only such warning Sphinx has).
    """

    def __init__(self, glossary_reports_duplicates: bool) -> None:
        super().__init__()
        self.glossary_reports_duplicates = glossary_reports_duplicates

    def filter(self, record: logging.LogRecord) -> bool:
        if (
            self.glossary_reports_duplicates
            and isinstance(getattr(record, "location", None), nodes.term)
            and not getattr(record, "type", None)
        ):
            return False
        kind = f"{getattr(record, 'type', '')}.{getattr(record, 'subtype', '')}"
        advice = ADVICE.get(kind)
        if advice and not getattr(record, "advised", False):
            record.msg = f"{record.getMessage()}. What to do: {advice}."
            record.args = ()
            record.advised = True
        return True


def install_advice(app: Sphinx) -> None:
    # Sphinx sets up its warning handler before loading extensions, and has
    # no public hook on warnings: the filter goes on that handler (standard
    # logging), first, so a dropped message is not counted as a warning and
    # still carries its location node (ARCHITECTURE.md names this).
    reports = "sphinx_edition.glossary" in app.extensions
    for handler in logging.getLogger(sphinx_logging.NAMESPACE).handlers:
        if isinstance(handler, sphinx_logging.WarningStreamHandler):
            handler.filters = [f for f in handler.filters if not isinstance(f, Advice)]
            handler.filters.insert(0, Advice(reports))


def replace_sphinx_messages(app: Sphinx, config: Config) -> None:
    config.suppress_warnings = [*config.suppress_warnings, *REPLACED]


# -- Before reading: the file must be UTF-8 -------------------------------------


@reported
def check_encoding(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Report a source that is not UTF-8 at its line, and skip reading it."""
    for docname in list(docnames):
        data = Path(env.doc2path(docname)).read_bytes()
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            logger.warning(
                "this file is not UTF-8 text: byte 0x%02x on line %d cannot be read. Save "
                "the file with the UTF-8 encoding (most editors offer it under 'Save "
                "with encoding') and check the characters on that line",
                data[err.start],
                line,
                location=(docname, line),
                type="source",
                subtype="encoding",
            )
            # Reading it would stop the whole build with a traceback: leave it
            # out, as if the file did not exist.
            docnames.remove(docname)
            env.project.docnames.discard(docname)


# -- While reading: fences ------------------------------------------------------


def _fence_parser() -> MarkdownIt:
    return MarkdownIt("commonmark").use(front_matter_plugin).use(colon_fence_plugin)


def unclosed_fences(text: str) -> Iterator[tuple[int, str]]:
    """(line, marker) of each fence that runs to the end of ``text`` unclosed."""
    lines = text.splitlines()
    for token in _fence_parser().parse(text):
        if token.type not in {"fence", "colon_fence"} or not token.map:
            continue
        start, end = token.map
        if end < len(lines):
            continue  # something follows it, so it was closed
        last = lines[end - 1].lstrip(" >") if end - 1 > start else ""
        closer = re.escape(token.markup[0]) + f"{{{len(token.markup)},}}"
        if not re.fullmatch(closer + r"\s*", last):
            yield start + 1, token.markup


@reported
def check_fences(app: Sphinx, docname: str, source: list[str]) -> None:
    if not str(app.env.doc2path(docname)).endswith(".md"):
        return
    for line, marker in unclosed_fences(source[0]):
        logger.warning(
            "the block opened here with %s is never closed, so everything after it, to "
            "the end of the file, is treated as part of the block. Add a line with just "
            "%s where the block should end",
            marker,
            marker,
            location=(docname, line),
            type="source",
            subtype="fence",
        )


# -- After reading: titles and images --------------------------------------------


def _line(node: nodes.Node) -> int | None:
    try:
        return get_node_line(node)
    except ValueError:
        return None


def is_myst(env: BuildEnvironment, docname: str) -> bool:
    return env.doc2path(docname).suffix == ".md"


# What Sphinx's title collector records for a page with no section.
NO_TITLE = "<no title>"


@reported
def check_titles(app: Sphinx, env: BuildEnvironment) -> None:
    """Every page a reader can reach has a title (fragments and orphans need none)."""
    included = set().union(*env.included.values())
    for docname in sorted(env.all_docs):
        if docname in included or "orphan" in env.metadata.get(docname, {}):
            continue
        title = env.titles.get(docname)
        if title is None or title.astext() != NO_TITLE:
            continue
        how = (
            "a heading line such as '# Title'"
            if is_myst(env, docname)
            else "a title: a line of text underlined with '=' signs"
        )
        logger.warning(
            "this page has no title: start it with %s (the table of contents and the "
            "browser tab show it)",
            how,
            location=(docname, 1),
            type="source",
            subtype="title",
        )


@reported
def check_images(app: Sphinx, doctree: nodes.document) -> None:
    for image in doctree.findall(nodes.image):
        if not image.get("alt", "").strip():
            uri = image.get("uri", "")
            how = (
                f"describe it in the brackets, ![what the image shows]({uri}), or with an "
                ":alt: option on an image directive"
                if is_myst(app.env, app.env.docname)
                else "add an ':alt: what the image shows' option under its image directive"
            )
            logger.warning(
                "image %s has no alt text, so readers who cannot see it get nothing: %s",
                uri,
                how,
                location=(app.env.docname, _line(image)),
                type="source",
                subtype="alt",
            )


# -- After reading everything: toctrees and duplicate glossary entries -------------


@reported
def check_toctrees(app: Sphinx, env: BuildEnvironment) -> None:
    """Every page but the root must be listed in a toctree (or say it is an orphan)."""
    # files_to_rebuild: page -> the pages whose toctree lists it; included:
    # pages pulled in by an include directive.
    listed = set(env.files_to_rebuild) | set().union(*env.included.values())
    for docname in sorted(env.all_docs):
        if docname == app.config.root_doc or docname in listed:
            continue
        if "orphan" in env.metadata[docname]:
            continue
        logger.warning(
            "this page is in no table of contents, so readers cannot reach it: list "
            "'%s' in a toctree (the one of the page that should lead to it), mark the "
            "page as an orphan, or delete the file",
            docname,
            location=(docname, 1),
            type="source",
            subtype="toctree",
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", replace_sphinx_messages)
    app.connect("builder-inited", install_advice)
    app.connect("env-before-read-docs", check_encoding)
    app.connect("source-read", check_fences)
    app.connect("doctree-read", check_images)
    app.connect("env-check-consistency", check_toctrees)
    app.connect("env-check-consistency", check_titles)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
