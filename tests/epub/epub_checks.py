"""Readers for a built ePub's parts, and the external checkers the tests run."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from support import EPUB_NS, OPF, ROOT, XHTML, epub_package_path

SKM_NS = "{http://www.idpf.org/2007/ops}"
ACE = ROOT / "node_modules" / ".bin" / "ace-puppeteer"
# epub:type values that have an ARIA counterpart (as Ace maps them), and the
# role each must carry, explicitly or as the element's implicit role.
TYPE_ROLES = {
    "glossary": "doc-glossary",
    "glossterm": "term",
    "glossdef": "definition",
    "glossref": "doc-glossref",
    "toc": "doc-toc",
    "cover": "doc-cover",
    "index": "doc-index",
    "chapter": "doc-chapter",
    "footnote": "doc-footnote",
    "noteref": "doc-noteref",
    "backlink": "doc-backlink",
    "referrer": "doc-backlink",
}
IMPLICIT_ROLES = {"dt": "term", "dd": "definition", "dfn": "term"}


@dataclass(frozen=True)
class Package:
    """The package document of an unzipped ePub."""

    root: Path
    path: Path
    tree: ElementTree.Element

    @classmethod
    def read(cls, root: Path) -> Package:
        path = epub_package_path(root)
        return cls(root, path, ElementTree.parse(path).getroot())

    def meta(self, prop: str) -> list[str]:
        return [
            (m.text or "").strip()
            for m in self.tree.iter(f"{OPF}meta")
            if m.get("property") == prop
        ]

    def items(self) -> list[dict[str, str]]:
        return [dict(i.attrib) for i in self.tree.iter(f"{OPF}item")]

    def items_by_href(self) -> dict[str, dict[str, str]]:
        return {i["href"]: i for i in self.items()}

    def item_with(self, prop: str) -> list[dict[str, str]]:
        return [i for i in self.items() if prop in i.get("properties", "").split()]

    def spine(self) -> list[str]:
        by_id = {i["id"]: i["href"] for i in self.items()}
        return [by_id[ref.get("idref")] for ref in self.tree.iter(f"{OPF}itemref")]

    def documents(self) -> list[str]:
        return [i["href"] for i in self.items() if i["media-type"] == "application/xhtml+xml"]

    def parse(self, href: str) -> ElementTree.Element:
        return ElementTree.parse(self.path.parent / href).getroot()


def nav(package: Package, kind: str) -> ElementTree.Element:
    navdoc = package.item_with("nav")[0]["href"]
    root = package.parse(navdoc)
    return next(n for n in root.iter(f"{XHTML}nav") if n.get(f"{EPUB_NS}type") == kind)


def epub_types(el: ElementTree.Element) -> list[str]:
    return (el.get(f"{EPUB_NS}type") or "").split()


def role_of(el: ElementTree.Element) -> str:
    tag = el.tag.removeprefix(XHTML)
    return el.get("role") or IMPLICIT_ROLES.get(tag, "")


def rewrite_epub(src: Path, dst: Path, edit: Callable[[str, bytes], bytes]) -> Path:
    """A copy of ``src`` with each member passed through ``edit``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, edit(info.filename, zin.read(info)))
    return dst


def ace(epub: Path, out: Path) -> dict:
    """Ace by DAISY's report for ``epub`` (Ace exits 0 whatever it finds)."""
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": "/usr/bin/chromium"}
    proc = subprocess.run(
        [str(ACE), "-f", "-s", "-o", str(out), str(epub)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    report = out / "report.json"
    assert report.exists(), proc.stdout + proc.stderr
    return json.loads(report.read_text(encoding="utf-8"))


def ace_violations(report: dict) -> list[str]:
    """Every failed assertion, at any impact, as 'document: rule (impact)'."""
    return [
        f"{doc['earl:testSubject']['url']}: {a['earl:test']['dct:title']} "
        f"({a['earl:test']['earl:impact']})"
        for doc in report["assertions"]
        for a in doc["assertions"]
        if a["earl:result"]["earl:outcome"] == "fail"
    ]
