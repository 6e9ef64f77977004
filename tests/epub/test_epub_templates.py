"""Our ePub templates follow Sphinx's: a change upstream is noticed, not missed.

src/sphinx_edition/epub/templates/ holds our package, navigation and NCX
templates, which the builder uses through ``template_dir``. They take the
context Sphinx's own take, plus ours. When a Sphinx upgrade changes its
templates, the first test fails: read the upstream change, carry what
matters into ours, then record the new hashes here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2
import jinja2.meta
import sphinx

from sphinx_edition.epub.builder import BookEpubBuilder

UPSTREAM = Path(sphinx.__file__).parent / "templates" / "epub3"
# sha256 of each of Sphinx's epub3 templates we followed, per Sphinx release
# line (8.2 and 9.0 ship the same ones).
SPHINX_9_0 = {
    "container.xml": "416eb02b2305a0e87504947939bdeaccc93252ce38c29fd21fb92b7672c3be80",
    "content.opf.jinja": "1bc66feeff736c0491fe447f610a409703e4e9bced00b10372064d3ca4c42134",
    "mimetype": "e468e350d1143eb648f60c7b0bd6031101ec0544a361ca74ecef256ac901f48b",
    "nav.xhtml.jinja": "de16ebbb2802c7785776600e34bd6c5103b92a82eadc4bd1944448ea90227757",
    "toc.ncx.jinja": "17e52885a9541f612945552af31d017107c8335e084090c46c8012c0bebfae38",
}
REVIEWED = {"8.2": SPHINX_9_0, "9.0": SPHINX_9_0}


# What ours leave out on purpose: the guide lists our landmarks instead of
# Sphinx's guide entries, and opf:scheme belongs to the withdrawn EPUB 3.1.
DROPPED = {"content.opf.jinja": {"guides", "scheme"}}


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def variables(path: Path) -> set[str]:
    """The context names a template reads."""
    env = jinja2.Environment()
    return jinja2.meta.find_undeclared_variables(env.parse(path.read_text(encoding="utf-8")))


def test_upstream_templates_are_the_ones_we_followed() -> None:
    line = ".".join(sphinx.__version__.split(".")[:2])
    assert line in REVIEWED, (
        f"Sphinx {sphinx.__version__}: compare {UPSTREAM} with our templates, then record "
        "its hashes in REVIEWED"
    )
    assert digests(UPSTREAM) == REVIEWED[line]


def test_ours_render_everything_sphinx_passes() -> None:
    ours = Path(BookEpubBuilder.template_dir)
    assert sorted(p.name for p in ours.iterdir()) == sorted(p.name for p in UPSTREAM.iterdir())
    for template in UPSTREAM.glob("*.jinja"):
        # Every value Sphinx renders, ours renders too (we drop none).
        dropped = DROPPED.get(template.name, set())
        assert variables(template) - dropped <= variables(ours / template.name), template.name
    assert (ours / "mimetype").read_bytes() == (UPSTREAM / "mimetype").read_bytes()
