"""Reading a PDF back as a reader and a checker would: structure tree, marked
content, outline, named destinations, links, fonts, text (pikepdf, pdftotext)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from support import DOCS, ROOT, read_config

from sphinx_edition.languages.books import edition_outputs

ARTIFACTS = ROOT / "test-artifacts" / "pdf"
# 2025-11-29 00:00 UTC: the edition's date in every PDF these tests build.
EPOCH = "1764374400"
EPOCH_DAY = "29 November 2025"


def pdf_languages() -> list[str]:
    """The editions whose outputs include the PDF (edition_languages in conf.py)."""
    config = read_config()
    found = []
    for language in config.edition_languages:
        config.language = language
        if "pdf" in edition_outputs(config):
            found.append(language)
    return found


@dataclass(frozen=True)
class BookPdf:
    path: Path  # the PDF
    page: Path  # the single HTML page WeasyPrint laid out
    output: str  # what sphinx-build printed
    language: str = "en"  # the edition's (Sphinx's code: "zh_CN")

    def norm(self, text: str) -> str:
        """``text`` as compared with what pdftotext reads: Chinese has no
        spaces between words, so a line break in it is no space at all."""
        return re.sub(r"\s+", "", text) if self.language.startswith("zh") else flat(text)


def build_pdf(out: Path, docs: Path = DOCS, language: str = "en") -> BookPdf:
    """``sphinx-build -b pdf`` of ``docs`` in ``language``, as strict as scripts/build."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    env.pop("SITE_BASEURL", None)
    command = [sys.executable, "-m", "sphinx", "-b", "pdf", "-d", str(out / "doctrees")]
    command += ["-W", "--keep-going", "-n", "-q", "-D", f"language={language}"]
    command += [str(docs), str(out / "pdf")]
    proc = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [path] = (out / "pdf").glob("*.pdf")
    return BookPdf(path, out / "pdf" / "index.html", proc.stdout + proc.stderr, language)


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is missing: install Debian's poppler-utils (.ci/run does)")
    return path


def page_texts(pdf_path: Path) -> list[str]:
    """The text of each page, as pdftotext reads it."""
    out = subprocess.run(
        [need("pdftotext"), "-enc", "UTF-8", str(pdf_path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.split("\f")[:-1]


def flat(text: str) -> str:
    """Whitespace collapsed, and words broken at a hyphen at a line's end joined."""
    return re.sub(r"-\s+", "-", " ".join(text.split()))


def kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


@dataclass
class Tree:
    """The structure tree, walked from the root."""

    tags: Counter[str]
    # (page objgen, MCID) of marked content the tree reaches
    mcids: set[tuple[tuple[int, int], int]]
    # annotation objgen -> the structure element holding it
    annotations: dict[tuple[int, int], pikepdf.Object]

    @classmethod
    def read(cls, pdf: pikepdf.Pdf) -> Tree:
        tags: Counter[str] = Counter()
        mcids: set[tuple[tuple[int, int], int]] = set()
        annotations: dict[tuple[int, int], pikepdf.Object] = {}
        pending = kids(pdf.Root.StructTreeRoot)
        while pending:
            element = pending.pop()
            tags[str(element.S)] += 1
            for kid in kids(element):
                if isinstance(kid, int):
                    mcids.add((element.Pg.objgen, int(kid)))
                elif kid.get("/Type") == "/MCR":
                    mcids.add((kid.Pg.objgen, int(kid.MCID)))
                elif kid.get("/Type") == "/OBJR":
                    annotations[kid.Obj.objgen] = element
                else:
                    pending.append(kid)
        return cls(tags, mcids, annotations)


@dataclass
class PageContent:
    """How the text-showing operators of one page's content are marked."""

    tagged: list[int]  # MCIDs of text in marked content the tree reaches
    artifacts: int  # text runs inside /Artifact
    untreed: list[int]  # MCIDs of text in marked content the tree does not reach
    unmarked: int  # text runs in no marked content at all


TEXT_OPS = {"Tj", "TJ", "'", '"'}


def page_content(page: pikepdf.Page, tree: Tree) -> PageContent:
    result = PageContent([], 0, [], 0)
    stack: list[tuple[str, int | None]] = []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BMC", "BDC"):
            props = operands[1] if op == "BDC" else None
            mcid = None
            if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                mcid = int(props.MCID)
            stack.append((str(operands[0]), mcid))
        elif op == "EMC":
            stack.pop()
        elif op in TEXT_OPS:
            if any(tag == "/Artifact" for tag, _ in stack):
                result.artifacts += 1
                continue
            marked = [m for _, m in stack if m is not None]
            if not marked:
                result.unmarked += 1
            elif (page.obj.objgen, marked[-1]) in tree.mcids:
                result.tagged.append(marked[-1])
            else:
                result.untreed.append(marked[-1])
    return result


def named_destinations(pdf: pikepdf.Pdf) -> dict[str, int]:
    """Named destination -> page index (0-based)."""
    pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    names = pdf.Root.Names.Dests.Names
    return {str(names[i]): pages[names[i + 1][0].objgen] for i in range(0, len(names), 2)}


@dataclass
class Link:
    page: int  # 0-based
    dest: str | None  # a named destination
    uri: str | None
    contents: str
    element: tuple[int, int] | None  # the structure element holding it
    tag: str  # that element's type: /Link, as PDF/UA asks


def links(pdf: pikepdf.Pdf, tree: Tree) -> list[Link]:
    found = []
    for i, page in enumerate(pdf.pages):
        for annot in page.get("/Annots", []):
            if annot.get("/Subtype") != "/Link":
                continue
            dest = annot.get("/Dest")
            action = annot.get("/A")
            element = tree.annotations.get(annot.objgen)
            found.append(
                Link(
                    i,
                    str(dest) if dest is not None else None,
                    str(action.URI) if action is not None and "/URI" in action else None,
                    str(annot.get("/Contents", "")),
                    element.objgen if element is not None else None,
                    str(element.S) if element is not None else "",
                )
            )
    return found


def fonts(pdf: pikepdf.Pdf) -> dict[str, bool]:
    """Every font the pages use -> whether its program is embedded."""
    found: dict[str, bool] = {}
    pending = [page.Resources for page in pdf.pages]
    while pending:
        resources = pending.pop()
        for font in resources.get("/Font", {}).values():
            descendants = font.get("/DescendantFonts")
            target = descendants[0] if descendants is not None else font
            descriptor = target.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found[str(font.get("/BaseFont", font.get("/Subtype")))] = embedded
        for xobject in resources.get("/XObject", {}).values():
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                pending.append(xobject.Resources)
    return found


def outline(pdf: pikepdf.Pdf) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every bookmark, in order."""
    pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    items: list[tuple[int, str, int]] = []
    with pdf.open_outline() as tree:

        def walk(entries: list, depth: int) -> None:
            for entry in entries:
                dest = entry.destination
                page = pages.get(dest[0].objgen, -1) if dest is not None else -1
                items.append((depth, entry.title, page))
                walk(entry.children, depth + 1)

        walk(tree.root, 0)
    return items
