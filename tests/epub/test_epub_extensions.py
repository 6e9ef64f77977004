"""The ePub extensions on small test roots (sphinx.testing)."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from epub_checks import SKM_NS, Package, epub_types
from sphinx.testing.util import SphinxTestApp
from support import XHTML, extract


def built(app: SphinxTestApp, tmp_path: Path) -> Package:
    app.build()
    epub = next(Path(app.outdir).glob("*.epub"))
    return Package.read(extract(epub, tmp_path / "unzipped"))


@pytest.mark.sphinx("epub", testroot="epub-glossary")
def test_glossary_markup_and_search_key_map(app: SphinxTestApp, tmp_path: Path) -> None:
    package = built(app, tmp_path)
    glossary = package.parse("glossary.xhtml")
    [section] = [s for s in glossary.iter(f"{XHTML}section") if epub_types(s)]
    assert epub_types(section) == ["glossary"] and section.get("role") == "doc-glossary"
    terms = ["".join(dt.itertext()) for dt in section.iter(f"{XHTML}dt")]
    assert terms == ["widget", "gadget"]
    text = package.parse("text.xhtml")
    refs = [a for a in text.iter(f"{XHTML}a") if "glossref" in epub_types(a)]
    assert len(refs) == 4 and all(a.get("role") == "doc-glossref" for a in refs)

    [item] = package.item_with("search-key-map")
    skm = (package.path.parent / item["href"]).read_text(encoding="utf-8")
    groups = {
        m.get("value"): sorted(v.get("value") for v in m.findall(f"{SKM_NS}value"))
        for m in ElementTree.fromstring(skm).iter(f"{SKM_NS}match")
    }
    assert groups == {"gadget": ["gadgetry"], "widget": ["Widgets"]}
    assert 'href="glossary.xhtml#term-widget"' in skm


@pytest.mark.sphinx("epub", testroot="epub-glossary")
def test_book_without_cover_gets_no_cover_landmark(app: SphinxTestApp, tmp_path: Path) -> None:
    package = built(app, tmp_path)
    assert package.item_with("cover-image") == []
    assert package.spine()[:2] == ["titlepage.xhtml", "index.xhtml"]
    assert not (package.path.parent / "cover.xhtml").exists()
    guide = [r.get("type") for r in package.tree.iter("{http://www.idpf.org/2007/opf}reference")]
    assert guide == ["title-page", "text", "glossary"]
    # No image at all: no alternativeText claim.
    assert "alternativeText" not in package.meta("schema:accessibilityFeature")


@pytest.mark.sphinx("epub", testroot="epub-images")
def test_content_image_makes_the_book_visual(app: SphinxTestApp, tmp_path: Path) -> None:
    package = built(app, tmp_path)
    assert package.meta("schema:accessMode") == ["textual", "visual"]
    assert package.meta("schema:accessModeSufficient") == ["textual,visual", "textual"]
    assert "alternativeText" in package.meta("schema:accessibilityFeature")
    assert package.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    # A book with no glossary has no search key map and no glossary landmark.
    assert package.item_with("search-key-map") == []
    assert [i["href"] for i in package.item_with("cover-image")] == ["_static/cover.png"]


@pytest.mark.sphinx("epub", testroot="epub-images", tags=["noalt"])
def test_image_without_alt_text_is_a_warning(
    app: SphinxTestApp, warning: io.StringIO, tmp_path: Path
) -> None:
    package = built(app, tmp_path)
    # Reported where the editor can add it, in the source's syntax.
    said = warning.getvalue()
    assert f"{app.srcdir / 'index.rst'}:13: WARNING: the ``.. image:: dot.png`` has no alt" in said
    assert "alternativeText" not in package.meta("schema:accessibilityFeature")
    # The metadata stays, but not the claim: text alone no longer suffices.
    assert package.meta("schema:accessMode") == ["textual", "visual"]
    assert package.meta("schema:accessModeSufficient") == ["textual,visual"]
    assert package.meta("dcterms:conformsTo") == [] and package.meta("a11y:certifiedBy") == []


@pytest.mark.sphinx("epub", testroot="epub-translator")
def test_markup_survives_another_extensions_translator(app: SphinxTestApp, tmp_path: Path) -> None:
    # The root's conf.py registers a translator of its own for the ePub.
    assert "OtherTranslator" in app.builder.get_translator_class().__name__
    package = built(app, tmp_path)
    dts = list(package.parse("index.xhtml").iter(f"{XHTML}dt"))
    assert dts and all(epub_types(dt) == ["glossterm"] for dt in dts)


def headings(page: Path) -> list[tuple[str, str]]:
    root = ElementTree.parse(page).getroot()
    tags = {f"{XHTML}h{n}" for n in range(1, 7)}
    return [
        (el.tag.split("}")[1], "".join(el.itertext()).strip())
        for el in root.iter()
        if el.tag in tags
    ]


@pytest.mark.parametrize(("caption", "drop"), [(True, True), (True, False), (False, True)])
def test_the_root_title_is_not_repeated_after_the_title_page(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp], caption: bool, drop: bool
) -> None:
    src = tmp_path / "src"
    shutil.copytree(Path(__file__).parent.parent / "roots" / "test-epub-glossary", src)
    if caption:
        index = src / "index.rst"
        text = index.read_text(encoding="utf-8")
        index.write_text(text.replace(".. toctree::\n", ".. toctree::\n   :caption: Parts\n"))
    app = make_app("epub", srcdir=src, confoverrides={"epub_drop_repeated_title": drop})
    app.build()
    found = headings(Path(app.outdir) / "index.xhtml")
    if caption and drop:
        # The title page has the title; the caption is the page's first heading.
        assert found == [("h1", "Parts")]
    elif caption:
        assert found == [("h1", "Test Glossary Book"), ("h2", "Parts")]
    else:
        # Without a caption the page would have no heading left: the title stays.
        assert found == [("h1", "Test Glossary Book")]
    assert ("h1", "Test Glossary Book") in headings(Path(app.outdir) / "titlepage.xhtml")
