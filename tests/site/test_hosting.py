"""What a host and a search engine need: sitemap, robots.txt, canonical URLs,
descriptions and OpenGraph tags, favicon, 404 page; the host configs; and
none of it leaking into the ePub."""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup
from support import DOCS, ROOT, conf_value, html_pages, read_config, run_build, xhtml_pages

# The address and the text's folder, from conf.py.
BASE = read_config().html_baseurl
TEXT = str(conf_value("glossary_usage_prefix", ""))
CONTENT = ["index.html", f"{TEXT}index.html", "glossary.html", "about.html"]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def meta(doc, **attrs) -> str:
    tag = doc.find("meta", attrs=attrs)
    return tag["content"] if tag else ""


def test_sitemap_lists_the_content_pages(site):
    urls = {
        loc.text for loc in ElementTree.parse(site / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")
    }
    assert {BASE + p for p in CONTENT} <= urls
    assert not {u for u in urls if u.endswith(("search.html", "genindex.html", "404.html"))}


def test_robots_points_at_the_sitemap(site):
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()


def test_every_page_has_canonical_description_and_opengraph(site):
    for page in html_pages(site):
        name = page.relative_to(site).as_posix()
        doc = soup(page)
        if page.name != "404.html":
            assert doc.find("link", rel="canonical")["href"] == BASE + name, name
        assert len(meta(doc, name="description")) > 40, name
        for prop in ("og:title", "og:type", "og:url", "og:description"):
            assert meta(doc, property=prop), (name, prop)
        assert meta(doc, property="og:url").startswith(BASE), name
        assert not meta(doc, property="og:image"), "no image: nothing to fetch from elsewhere"
        icon = doc.find("link", rel="icon")
        assert icon, name
        if page.name != "404.html":  # its links are absolute: followed over HTTP below
            assert (page.parent / icon["href"]).resolve().is_file(), name


def test_favicon_is_our_svg(site):
    svg = (site / "_static" / "favicon.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "viewBox" in svg


def test_404_is_served_at_any_depth_with_working_links(site, base_url, browser):
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(base_url + "no/such/page.html")
    assert err.value.code == 404
    page = browser.new_page()
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(base_url + "no/such/page.html", wait_until="networkidle")
    assert page.locator("article h1").first.inner_text() == "Page not found"
    # Only the missing page itself failed: its styles and scripts loaded from
    # the site's base path, and its links lead to real pages.
    assert failed == [base_url + "no/such/page.html"]
    home = page.locator("a.navbar-brand").first.get_attribute("href")
    assert home.startswith(urlsplit(BASE).path)
    page.close()


def test_another_host_sets_its_own_address(tmp_path):
    # GitHub Pages builds with SITE_BASEURL; everything follows it.
    env = {**os.environ, "SITE_BASEURL": "https://example.org/book"}
    # The English site alone shows it: no other edition or book is built.
    build = run_build(tmp_path / "out", DOCS, "--only-language", "en", "--outputs", "html", env=env)
    assert build.returncode == 0, build.output
    doc = soup(build.html / "glossary.html")
    assert doc.find("link", rel="canonical")["href"] == "https://example.org/book/glossary.html"
    assert (
        "Sitemap: https://example.org/book/sitemap.xml" in (build.html / "robots.txt").read_text()
    )
    assert 'href="/book/_static/' in (build.html / "404.html").read_text(encoding="utf-8")


def test_nothing_of_the_website_travels_into_the_epub(epub_dir, book):
    names = {p.relative_to(epub_dir).as_posix() for p in epub_dir.rglob("*") if p.is_file()}
    assert not {n for n in names if "site" in n or "favicon" in n or n.endswith((".js", ".svg"))}
    assert not {"robots.txt", "sitemap.xml", "404.xhtml"} & names
    for page in xhtml_pages(epub_dir):
        text = page.read_text(encoding="utf-8")
        assert "og:" not in text and "data-term-preview" not in text, page.name
        assert "<script" not in text, page.name
    # Nor into the ePub builder's working folder.
    work = book.out / ".work" / "epub"
    if work.exists():
        assert not (work / "sitemap.xml").exists() and not (work / "robots.txt").exists()


def test_read_the_docs_builds_both_from_the_lock():
    # tests/hosting/test_read_the_docs.py runs these commands as Read the Docs does.
    conf = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert conf["version"] == 2
    commands = conf["build"]["commands"]
    assert commands[0].split()[0] == "scripts/build"  # locked venv, -W, every output
    joined = "\n".join(commands)
    for kind in ("html", "epub", "pdf"):
        assert f'"$READTHEDOCS_OUTPUT/{kind}/"' in joined
    # No book is named here: the names are conf.py's alone.
    assert ".epub" not in joined.replace("*.epub", "") and ".pdf" not in joined.replace("*.pdf", "")
    build = (ROOT / "scripts" / "build").read_text(encoding="utf-8")
    assert "ensure_venv requirements/build.txt" in build
    assert 'sphinx-edition" build' in build
    run = ROOT / "src" / "sphinx_edition" / "pipeline" / "run.py"
    assert '"-W"' in run.read_text(encoding="utf-8")


def test_pages_workflow_publishes_the_site_with_the_epub():
    text = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    flow = yaml.safe_load(text)
    steps = flow["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert "scripts/build" in runs
    # Every book the build wrote is checked inside both sites, whatever its name.
    assert any("find _build/epub _build/pdf" in r for r in runs)
    assert "zhao-risk-reduction" not in text
    upload = next(s for s in steps if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "_build/html"
    assert any("deploy-pages" in s.get("uses", "") for s in flow["jobs"]["deploy"]["steps"])
