"""A page's citation tags, read the way Zotero's "Embedded Metadata" translator
reads them (zotero/translators, ``Embedded Metadata.js`` with ``RDF.js`` for
the Dublin Core tags), for the tags this edition writes.

The rules followed, restated:

* the item type comes from ``DC.type`` when it names a Zotero item type
  (``book``); otherwise a page with ``citation_title`` is guessed to be a
  journal article;
* ``citation_author`` tags give authors and ``citation_editor`` tags editors,
  in page order; a tag holding several names separated by ``;`` is split, and
  so is a lone tag whose commas separate multi-word names;
* a name with a comma is "Family, Given"; one without is split before its
  last word;
* ``citation_title``, ``citation_publication_date`` (else ``citation_date``),
  ``citation_publisher``, ``citation_language``, ``citation_public_url`` and
  ``citation_abstract`` fill the fields of those names; ``citation_pdf_url``
  becomes a PDF attachment.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bs4 import BeautifulSoup

ITEM_TYPES = {"book", "bookSection", "journalArticle", "webpage", "report", "document"}


@dataclass(frozen=True)
class Creator:
    first: str
    last: str
    role: str


@dataclass
class Item:
    item_type: str = ""
    title: str = ""
    creators: list[Creator] = field(default_factory=list)
    date: str = ""
    publisher: str = ""
    language: str = ""
    url: str = ""
    abstract: str = ""
    pdf: str = ""


def meta(soup: BeautifulSoup, name: str) -> list[str]:
    head = soup.head
    tags = head.find_all("meta", attrs={"name": True}) if head else []
    return [t["content"] for t in tags if t["name"].endswith(name) and t.get("content")]


def clean_name(name: str, role: str) -> Creator:
    name = " ".join(name.split())
    if "," in name:
        last, first = (part.strip() for part in name.split(",", 1))
        return Creator(first, last, role)
    first, _, last = name.rpartition(" ")
    return Creator(first, last, role)


def creators(values: list[str], role: str) -> list[Creator]:
    found = []
    for value in values:
        names = [n.strip() for n in value.split(";")]
        if len(names) == 1 and len(values) == 1:
            by_comma = [n.strip() for n in names[0].split(",")]
            if len(by_comma) > 1 and " " in by_comma[0] and " " in by_comma[1]:
                names = by_comma
        found += [clean_name(n, role) for n in names if n.strip(" ,-.;")]
    return found


def zotero_item(html: str) -> Item:
    soup = BeautifulSoup(html, "html.parser")

    def first(name: str) -> str:
        return next(iter(meta(soup, name)), "")

    dc_type = first("DC.type")
    item = Item()
    if dc_type in ITEM_TYPES:
        item.item_type = dc_type
    elif first("citation_title"):
        item.item_type = "journalArticle"
    item.title = first("citation_title")
    item.creators = creators(meta(soup, "citation_author"), "author") + creators(
        meta(soup, "citation_editor"), "editor"
    )
    item.date = first("citation_publication_date") or first("citation_date")
    item.publisher = first("citation_publisher")
    item.language = first("citation_language")
    item.url = first("citation_public_url")
    item.abstract = first("citation_abstract")
    item.pdf = first("citation_pdf_url")
    return item
