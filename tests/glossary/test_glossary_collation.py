"""sphinx_edition.glossary.collation on a small root
(tests/roots/test-glossary-collation): a sorted glossary and the general index
in pinyin order for Chinese, Sphinx's own order for English, and a bad
setting named at once."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from sphinx_edition.glossary.collation import pinyin_group, pinyin_key

PINYIN = ["边缘政策", "极限施压", "降低风险", "接触", "危机管控"]


def glossary_order(app: SphinxTestApp) -> list[str]:
    page = BeautifulSoup((Path(app.outdir) / "index.html").read_text("utf-8"), "html.parser")
    return [dt["id"] for dt in page.select("dl.glossary > dt")]


def index_groups(app: SphinxTestApp) -> list[tuple[str, list[str]]]:
    page = BeautifulSoup((Path(app.outdir) / "genindex.html").read_text("utf-8"), "html.parser")
    return [
        (h2.get_text(strip=True), [a.get_text(strip=True) for a in h2.find_next("table")("a")])
        for h2 in page.select("h2")
    ]


def term_ids(app: SphinxTestApp, names: list[str]) -> list[str]:
    page = BeautifulSoup((Path(app.outdir) / "index.html").read_text("utf-8"), "html.parser")
    ids = {dt.get_text(strip=True).rstrip("#¶"): dt["id"] for dt in page.select("dl.glossary > dt")}
    return [ids[name] for name in names]


def test_pinyin_key_sorts_syllable_by_syllable() -> None:
    # ji < jiang < jie: a syllable that is a prefix of another sorts first.
    assert sorted(["接触", "降低风险", "极限施压"], key=pinyin_key) == [
        "极限施压",
        "降低风险",
        "接触",
    ]
    # A character read as its word says: 行 of 行业 is hang, of 行动 xing.
    assert pinyin_group("行业") == "H" and pinyin_group("行动") == "X"
    assert pinyin_group("42") is None


@pytest.mark.sphinx("html", testroot="glossary-collation", confoverrides={"language": "zh_CN"})
def test_chinese_glossary_and_index_in_pinyin_order(app: SphinxTestApp) -> None:
    app.build()
    order = glossary_order(app)
    chinese = [i for i in order if i in term_ids(app, PINYIN)]
    assert chinese == term_ids(app, PINYIN)
    groups = index_groups(app)
    headings = [heading for heading, _ in groups]
    # Sphinx's symbols first, then one heading per pinyin initial, in order.
    assert headings[1:] == sorted(headings[1:]) and {"B", "J", "W"} <= set(headings)
    [j] = [entries for heading, entries in groups if heading == "J"]
    assert j == ["极限施压", "降低风险", "接触"]


@pytest.mark.sphinx("html", testroot="glossary-collation")
def test_english_keeps_sphinx_order(app: SphinxTestApp) -> None:
    app.build()
    page = BeautifulSoup((Path(app.outdir) / "index.html").read_text("utf-8"), "html.parser")
    texts = [dt.get_text(strip=True).rstrip("#¶") for dt in page.select("dl.glossary > dt")]
    assert len(texts) == 9
    assert texts == sorted(texts, key=lambda t: unicodedata.normalize("NFD", t.lower()))


@pytest.mark.sphinx(
    "html", testroot="glossary-collation", confoverrides={"glossary_sort_keys": {"en": "no.key"}}
)
def test_a_bad_key_names_the_setting(make_app, app_params) -> None:
    args, kwargs = app_params
    with pytest.raises(ConfigError, match="glossary_sort_keys"):
        make_app(*args, **kwargs)
