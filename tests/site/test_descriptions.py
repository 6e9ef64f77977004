"""Page descriptions (sphinx_edition.site.hosting): whole sentences, never cut mid-word."""

from __future__ import annotations

from docutils import nodes
from docutils.utils import new_document

from sphinx_edition.site.hosting import opening_words


def page(*paragraphs: str) -> nodes.document:
    doc = new_document("test")
    for text in paragraphs:
        doc += nodes.paragraph(text, text)
    return doc


def test_short_text_is_kept_whole() -> None:
    assert opening_words(page("One short line.", "Another."), 200) == "One short line. Another."


def test_cut_after_the_last_sentence_that_fits() -> None:
    text = "First sentence here. Second one is longer than the first. Third will not fit at all."
    expected = "First sentence here. Second one is longer than the first."
    assert opening_words(page(text), 60) == expected


def test_a_long_first_sentence_is_cut_at_a_word() -> None:
    words = "word " * 60
    found = opening_words(page(words.strip() + "."), 50)
    assert found.endswith("\u2026") and len(found) <= 50
    assert found[:-1].split() == ["word"] * len(found[:-1].split())


def test_chinese_sentences_need_no_space() -> None:
    text = "第一句话说完了。第二句话也说完了。第三句话太长了，放不下这里的限制，所以不要它。"
    assert opening_words(page(text), 20) == "第一句话说完了。第二句话也说完了。"


def test_no_doctree_no_words() -> None:
    assert opening_words(None, 200) == ""
