"""The built ePub against the issue's bar: accessibility, semantics, front matter."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest
from epub_checks import (
    SKM_NS,
    TYPE_ROLES,
    Package,
    ace,
    ace_violations,
    epub_types,
    nav,
    rewrite_epub,
    role_of,
)
from support import (
    DC,
    EPUB_NS,
    OPF,
    ROOT,
    XHTML,
    Build,
    conf_value,
    entry_names,
    text_page_html,
)

CLAIM = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
FRONT = ["cover.xhtml", "titlepage.xhtml"]


@pytest.fixture(scope="module")
def package(epub_dir: Path) -> Package:
    return Package.read(epub_dir)


def glossary_doc(package: Package) -> dict[str, str]:
    [item] = [
        i for i in package.item_with("glossary") if i["media-type"] == "application/xhtml+xml"
    ]
    return item


def glossary_terms(package: Package) -> dict[str, str]:
    """term text -> id, from the glossary document's <dfn>s."""
    root = package.parse(glossary_doc(package)["href"])
    return {
        "".join(dt.find(f"{XHTML}dfn").itertext()).strip(): dt.get("id")
        for dt in root.iter(f"{XHTML}dt")
    }


@pytest.mark.slow
@pytest.mark.browser
def test_ace_finds_no_violation_and_sees_the_claim(book: Build, tmp_path: Path) -> None:
    report = ace(book.epub, tmp_path / "ace")
    assert ace_violations(report) == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    assert report["earl:testSubject"]["metadata"]["dcterms:conformsTo"] == CLAIM


@pytest.mark.slow
@pytest.mark.browser
def test_ace_fails_an_epub_without_lang_and_metadata(book: Build, tmp_path: Path) -> None:
    # What Sphinx ships: no lang on the documents, no access modes.
    def strip(name: str, data: bytes) -> bytes:
        if name.endswith(".xhtml"):
            return re.sub(rb' (xml:)?lang="en"', b"", data)
        if name.endswith(".opf"):
            return re.sub(rb'\s*<meta property="schema:accessMode">[^<]*</meta>', b"", data)
        return data

    broken = rewrite_epub(book.epub, tmp_path / "broken.epub", strip)
    found = "\n".join(ace_violations(ace(broken, tmp_path / "ace")))
    assert text_page_html().removesuffix(".html") + ".xhtml: html-has-lang (serious)" in found
    assert "metadata-accessmode (serious)" in found


def test_accessibility_metadata(package: Package) -> None:
    assert package.meta("dcterms:conformsTo") == [CLAIM]
    assert package.meta("a11y:certifiedBy") != [""]
    assert len(package.meta("a11y:certifiedBy")) == 1
    assert package.meta("schema:accessMode") == ["textual"]
    assert package.meta("schema:accessModeSufficient") == ["textual"]
    assert package.meta("schema:accessibilityHazard") == ["none"]
    [summary] = package.meta("schema:accessibilitySummary")
    assert len(summary) > 80
    assert set(package.meta("schema:accessibilityFeature")) == {
        "alternativeText",
        "displayTransformability",
        "readingOrder",
        "structuralNavigation",
        "tableOfContents",
    }


def test_claimed_features_are_there(package: Package) -> None:
    features = set(package.meta("schema:accessibilityFeature"))
    docs = {href: package.parse(href) for href in package.documents()}
    images = [img for root in docs.values() for img in root.iter(f"{XHTML}img")]
    assert "alternativeText" in features
    assert images and all(len(img.get("alt", "")) > 20 for img in images)
    # Headings on every page but the cover, which is an image.
    headings = {f"{XHTML}h{n}" for n in range(1, 7)}
    for href, root in docs.items():
        if href not in {"cover.xhtml", "nav.xhtml"}:
            assert any(el.tag in headings for el in root.iter()), href
    # No index is claimed, because there is none to find.
    assert "index" not in features
    assert not any("genindex" in href for href in docs)


def test_every_document_declares_its_language(package: Package) -> None:
    lang = package.tree.find(f".//{DC}language").text
    docs = package.documents()
    assert len(docs) >= 9
    for href in docs:
        root = package.parse(href)
        assert root.get("lang") == lang, href
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang, href


def test_every_epub_type_has_its_role(package: Package) -> None:
    seen = set()
    for href in package.documents():
        root = package.parse(href)
        landmarks = root.iter(f"{XHTML}nav")
        skip = {
            id(el)
            for n in landmarks
            if "landmarks" in epub_types(n)
            for el in n.iter()
            if el is not n
        }
        for el in root.iter():
            for kind in epub_types(el):
                if kind in TYPE_ROLES and id(el) not in skip:
                    seen.add(kind)
                    assert role_of(el) == TYPE_ROLES[kind], (href, kind, el.attrib)
    assert {"glossary", "glossterm", "glossdef", "glossref", "toc", "cover"} <= seen


def test_reading_order_is_the_toc_order(package: Package) -> None:
    spine = package.spine()
    assert spine[:2] == FRONT
    toc_files = []
    for a in nav(package, "toc").iter(f"{XHTML}a"):
        file = unquote(a.get("href", "").split("#")[0])
        if file not in toc_files:
            toc_files.append(file)
    assert [f for f in spine if f in toc_files] == toc_files
    assert set(toc_files) <= set(spine)


def test_landmarks_and_guide_point_at_real_places(package: Package) -> None:
    marks = {
        a.get(f"{EPUB_NS}type"): a.get("href") for a in nav(package, "landmarks").iter(f"{XHTML}a")
    }
    assert marks == {
        "cover": "cover.xhtml",
        "titlepage": "titlepage.xhtml",
        "bodymatter": "essay/index.xhtml",
        "glossary": "glossary.xhtml",
    }
    spine = package.spine()
    assert all(href.split("#")[0] in spine for href in marks.values())
    guide = [r.get("href") for r in package.tree.iter("{http://www.idpf.org/2007/opf}reference")]
    assert sorted(guide) == sorted(marks.values())


@pytest.mark.essay  # the cover's words
def test_cover(package: Package) -> None:
    [item] = package.item_with("cover-image")
    assert item["media-type"] == "image/png"
    image = package.path.parent / item["href"]
    assert image.read_bytes() == (ROOT / "docs" / "_static" / "cover.png").read_bytes()
    page = package.parse("cover.xhtml")
    [img] = page.iter(f"{XHTML}img")
    assert img.get("src") == item["href"]
    assert "Pressure, Engagement and Risk Reduction" in img.get("alt")
    title = package.parse("titlepage.xhtml")
    assert "titlepage" in epub_types(next(title.iter(f"{XHTML}section")))
    assert "Tong Zhao" in "".join(title.itertext())


def test_glossary_semantics(package: Package) -> None:
    root = package.parse(glossary_doc(package)["href"])
    [section] = [s for s in root.iter(f"{XHTML}section") if "glossary" in epub_types(s)]
    assert section.get("role") == "doc-glossary"
    dts = list(section.iter(f"{XHTML}dt"))
    dds = list(section.iter(f"{XHTML}dd"))
    # Each term has its definition, then a <dd> of its list of uses, which
    # is no part of the definition (so pop-ups leave it out).
    definitions = [dd for dd in dds if "glossary-uses" not in (dd.get("class") or "").split()]
    assert len(dts) == len(definitions) == len(dds) - len(definitions) == len(entry_names())
    for dt in dts:
        assert epub_types(dt) == ["glossterm"]
        assert dt.find(f"{XHTML}dfn") is not None
    assert all(epub_types(dd) == ["glossdef"] for dd in definitions)
    assert not any(epub_types(dd) for dd in dds if dd not in definitions)


def term_links(package: Package) -> dict[str, set[str]]:
    """glossary id -> the texts of the links to it, across the book."""
    found: dict[str, set[str]] = {}
    for href in package.documents():
        for a in package.parse(href).iter(f"{XHTML}a"):
            if "glossref" in epub_types(a):
                fragment = urlsplit(a.get("href")).fragment
                found.setdefault(fragment, set()).add(" ".join("".join(a.itertext()).split()))
    return found


@pytest.mark.essay  # this glossary's terms and their forms
def test_search_key_map_lists_every_term_and_form(package: Package) -> None:
    [item] = package.item_with("search-key-map")
    assert item["media-type"] == "application/vnd.epub.search-key-map+xml"
    assert set(item["properties"].split()) == {"glossary", "search-key-map"}
    skm = ElementTree.parse(package.path.parent / item["href"]).getroot()
    assert skm.tag == f"{SKM_NS}search-key-map"
    terms = glossary_terms(package)
    glossary_href = glossary_doc(package)["href"]  # the map and it are both at the root
    groups = {}
    for group in skm.iter(f"{SKM_NS}search-key-group"):
        [match] = group.findall(f"{SKM_NS}match")
        forms = {v.get("value") for v in match.findall(f"{SKM_NS}value")}
        groups[match.get("value")] = (group.get("href"), forms)
    assert set(groups) == set(terms)
    links = term_links(package)
    for term, (href, forms) in groups.items():
        assert href == f"{glossary_href}#{terms[term]}"
        assert forms == links[terms[term]] - {term}, term
    # The map must carry the forms that differ from the entry, or it adds nothing.
    assert "misjudged" in groups["misjudgment"][1]


RESOURCE_ATTRS = {"img": "src", "link": "href", "source": "src", "audio": "src", "video": "src"}
ACTIVE = {"script", "iframe", "object", "embed"}


def test_nothing_remote_no_scripts_no_fonts(book: Build, package: Package) -> None:
    media = {i["media-type"] for i in package.items()}
    assert not {m for m in media if m.startswith("font/") or "javascript" in m}
    with zipfile.ZipFile(book.epub) as zf:
        names = zf.namelist()
    assert not [n for n in names if n.endswith((".js", ".woff", ".woff2", ".ttf", ".otf"))]
    loads = []
    for href in package.documents():
        for el in package.parse(href).iter():
            tag = el.tag.removeprefix(XHTML)
            assert tag not in ACTIVE, (href, tag)
            if tag in RESOURCE_ATTRS and el.get(RESOURCE_ATTRS[tag]):
                loads.append(el.get(RESOURCE_ATTRS[tag]))
    for item in package.items():
        if item["media-type"] == "text/css":
            css = (package.path.parent / item["href"]).read_text(encoding="utf-8")
            css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
            loads += re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
    assert loads  # stylesheets and the cover at least
    assert [ref for ref in loads if urlsplit(ref).scheme or ref.startswith("//")] == []
    # Every manifest item is in the zip and every member (bar the container's
    # own files) is in the manifest: nothing rides along unlisted.
    hrefs = {i["href"] for i in package.items()}
    assert set(names) - hrefs == {"mimetype", "META-INF/container.xml", "content.opf"}


def test_zip_layout(book: Build, package: Package) -> None:
    with zipfile.ZipFile(book.epub) as zf:
        infos = zf.infolist()
    first = infos[0]
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED
    assert first.extra == b""
    names = [i.filename for i in infos]
    assert names[1:3] == ["META-INF/container.xml", "content.opf"]
    assert names[3:] == sorted(names[3:])
    # One time for every member: the build's SOURCE_DATE_EPOCH, which is also
    # the package's dcterms:modified.
    [modified] = package.meta("dcterms:modified")
    stamp = time.strptime(modified, "%Y-%m-%dT%H:%M:%SZ")[:6]
    stamp = (*stamp[:5], stamp[5] - stamp[5] % 2)  # zip times count in 2 s steps
    assert {i.date_time for i in infos} == {stamp}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


# -- Who made the book, from what, about what, when (sphinx_edition.cite.opf) --

EDITION_DATE = str(conf_value("cite_metadata", {}).get("date"))  # type: ignore[union-attr]
CREATORS = [
    # (name, MARC relator roles, file-as, display-seq)
    ("Tong Zhao", ["aut", "ant"], "Zhao, Tong", "1"),
    ("Risk Reduction Edition editors", ["aut", "edt"], "Risk Reduction Edition editors", "2"),
]


def creators(tree: ElementTree.Element) -> list[tuple[str, list[str], str, str]]:
    """Each dc:creator with what the package's refinements say about it."""
    metas = list(tree.iter(f"{OPF}meta"))
    found = []
    for creator in tree.iter(f"{DC}creator"):
        about = [m for m in metas if m.get("refines") == "#" + creator.get("id", "")]

        def values(prop: str, about: list = about) -> list[str]:
            return [m.text or "" for m in about if m.get("property") == prop]

        roles = [m.text for m in about if m.get("property") == "role"]
        assert {m.get("scheme") for m in about if m.get("property") == "role"} == {"marc:relators"}
        [file_as], [seq] = values("file-as"), values("display-seq")
        found.append((creator.text or "", roles, file_as, seq))
    return found


def dc_values(tree: ElementTree.Element, name: str) -> list[str]:
    return [(e.text or "").strip() for e in tree.iter(f"{DC}{name}")]


@pytest.mark.essay  # this edition's makers, source and subjects
def test_package_credits_author_and_editors_in_their_roles(package: Package) -> None:
    assert creators(package.tree) == CREATORS
    # The editors are creators with roles now, not a sentence calibre drops.
    assert dc_values(package.tree, "contributor") == []
    assert dc_values(package.tree, "source") == [
        "Tong Zhao, “America's Efforts to Subdue North Korea Will Fail—Unless China Gets "
        "Involved”, in The National Interest, 5 November 2017"
    ]
    assert dc_values(package.tree, "subject") == [
        "North Korea",
        "Nuclear weapons",
        "United States–China relations",  # noqa: RUF001 (the en dash of a pair)
        "Risk reduction",
    ]
    assert dc_values(package.tree, "date") == [EDITION_DATE]


@pytest.mark.slow
def test_edition_date_does_not_follow_the_build_time(package: Package, tmp_path: Path) -> None:
    # Another build time: dcterms:modified follows it, dc:date does not.
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1893553445"}  # 2030-01-02 03:04:05
    command = [sys.executable, "-m", "sphinx", "-b", "epub", "-q", "-d", str(tmp_path / "d")]
    proc = subprocess.run(
        [*command, str(ROOT / "docs"), str(tmp_path / "epub")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    again = ElementTree.parse(tmp_path / "epub" / "content.opf").getroot()
    modified = [m.text for m in again.iter(f"{OPF}meta") if m.get("property") == "dcterms:modified"]
    assert modified == ["2030-01-02T03:04:05Z"] != package.meta("dcterms:modified")
    assert dc_values(again, "date") == dc_values(package.tree, "date") == [EDITION_DATE]


@pytest.mark.slow
@pytest.mark.reader
@pytest.mark.essay
@pytest.mark.zh
def test_calibre_reads_authors_and_published(book: Build) -> None:
    chinese = next((book.out / "epub").rglob("*-zh-CN.epub"))
    # (shown, file-as): the Chinese edition names its editors in Chinese.
    expected = {
        book.epub: ("Tong Zhao & Risk Reduction Edition editors", "Risk Reduction Edition editors"),
        chinese: ("赵通 & 降低风险版编者", "降低风险版编者"),
    }
    for epub, (authors, editors) in expected.items():
        proc = subprocess.run(
            ["ebook-meta", str(epub)],
            capture_output=True,
            text=True,
            env={**os.environ, "QTWEBENGINE_DISABLE_SANDBOX": "1"},
        )
        assert proc.returncode == 0, proc.stderr
        fields = dict(
            (key.strip(), value.strip())
            for key, _, value in (line.partition(":") for line in proc.stdout.splitlines())
            if value
        )
        assert fields["Author(s)"] == f"{authors} [Zhao, Tong & {editors}]"
        assert fields["Published"].startswith(EDITION_DATE + "T00:00:00")
        assert fields["Tags"].startswith(
            "North Korea, Nuclear weapons" if epub == book.epub else "朝鲜, 核武器"
        )
