"""sphinx_edition.pipeline, called in-process: a plain Sphinx project, a reST
book with our extensions, and what is built for each edition."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sphinx.config import Config
from sphinx.errors import ConfigError

from sphinx_edition.editions import Edition, book_editions, editions
from sphinx_edition.pipeline import run

ROOTS = Path(__file__).resolve().parent.parent / "roots"


def plain_project(docs: Path) -> Path:
    """What sphinx-quickstart leaves, give or take: no extension of ours, no
    version, no copyright; a glossary whose entry has two names, two folders."""
    (docs / "part").mkdir(parents=True)
    (docs / "conf.py").write_text('project = "Plain"\nauthor = "Someone"\n', encoding="utf-8")
    (docs / "index.rst").write_text(
        "Plain\n=====\n\n.. toctree::\n\n   part/a\n   more/b\n\nSee :term:`widget`.\n\n"
        ".. glossary::\n\n   widget\n   gadget\n      A thing.\n",
        encoding="utf-8",
    )
    (docs / "part" / "a.rst").write_text("A\n=\n\nA :term:`gadget` here.\n", encoding="utf-8")
    (docs / "more").mkdir()
    (docs / "more" / "b.rst").write_text("B\n=\n\nAnd a :term:`widget`.\n", encoding="utf-8")
    return docs


def test_a_plain_sphinx_project_builds_to_a_site_and_an_epub(tmp_path: Path) -> None:
    docs, out = plain_project(tmp_path / "docs"), tmp_path / "out"
    assert run.build(docs, out) == 0
    assert (out / "html" / "index.html").is_file()
    assert (out / "html" / "more" / "b.html").is_file()
    assert [p.name for p in (out / "epub").iterdir()] == ["Plain.epub"]
    # Every site offers the books beside its pages.
    assert (out / "html" / "Plain.epub").is_file()
    assert sorted(p.name for p in out.iterdir()) == [".lock", ".work", "epub", "html"]


def test_an_edit_publishes_without_copying_unchanged_files_and_rebuilds_the_epub_beside(
    tmp_path: Path,
) -> None:
    """The ePub builder keeps doctrees of its own and runs in a child beside
    the site's (where the platform can fork); publishing links the files the
    edit left as they were instead of copying them again."""
    docs, out = plain_project(tmp_path / "docs"), tmp_path / "out"
    assert run.build(docs, out) == 0
    assert run.starts_early("epub")
    assert run.run_order(("html", "epub"))[0] == ("epub" if run.children.PRCTL else "html")
    before = {p: (out / "html" / p).stat().st_ino for p in ("more/b.html", "part/a.html")}
    page = docs / "part" / "a.rst"
    page.write_text(page.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")
    assert run.build(docs, out) == 0
    assert "A new sentence." in (out / "html" / "part" / "a.html").read_text(encoding="utf-8")
    assert (out / "html" / "part" / "a.html").stat().st_ino != before["part/a.html"]
    assert (out / "html" / "more" / "b.html").stat().st_ino == before["more/b.html"]
    with zipfile.ZipFile(out / "epub" / "Plain.epub") as book:
        assert any(b"A new sentence." in book.read(n) for n in book.namelist())


def test_a_rest_book_with_our_extensions_builds(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOTS / "test-rest-book", docs)
    out = tmp_path / "out"
    assert run.build(docs, out) == 0
    assert (out / "html" / "part2" / "details.html").is_file()
    assert len(list((out / "epub").glob("*.epub"))) == 1


def test_a_selection_builds_a_part_of_the_book(tmp_path: Path) -> None:
    docs, out = plain_project(tmp_path / "docs"), tmp_path / "out"
    assert run.build(docs, out, selection=run.Selection(outputs=("html",))) == 0
    assert sorted(p.name for p in out.iterdir()) == [".lock", ".work", "html"]


def config(**values: object) -> Config:
    found = Config({"extensions": [], **values})
    found.add("edition_languages", {}, "env", frozenset({dict}))
    found.init_values()
    return found


def test_one_model_of_an_edition() -> None:
    both = config(
        edition_languages={"en": {}, "zh_CN": {"path": "zh-cn/", "outputs": ["epub", "html"]}}
    )
    source, chinese = book_editions(both)
    assert source == Edition("en", "", "en", ("html", "epub"))
    # Outputs in build order, whatever order conf.py lists them in.
    assert chinese.outputs == ("html", "epub")
    assert (chinese.tag, chinese.basename("book"), chinese.label("epub")) == (
        "zh-CN",
        "book-zh-CN",
        "epub (zh_CN)",
    )
    assert chinese.sphinx_overrides() == {"language": "zh_CN"}
    assert source.sphinx_overrides() == {} and source.basename("book") == "book"
    # Without edition_languages: the one edition conf.py describes.
    assert book_editions(config(language="fr")) == [Edition("fr", "", "", ("html", "epub"))]
    pdf = config(extensions=["sphinx_edition.pdf"])
    assert book_editions(pdf)[0].outputs == ("html", "epub", "pdf")


@pytest.mark.parametrize(
    ("entries", "says"),
    [
        ({"en": {"outputs": ["html", "mobi"]}}, "'outputs' must list some of"),
        ({"en": {"outputs": "html"}}, "'outputs' must list some of"),
        ({"en": {"paths": ""}}, "must be a dict with keys from"),
        ({"en": {}, "de": {}}, "exactly one edition, the source"),
        ({"en": {}, "de": {"path": "/de/"}}, "'path' must be ''"),
    ],
)
def test_editions_are_checked(entries: dict, says: str) -> None:
    with pytest.raises(ConfigError, match=says):
        editions(config(edition_languages=entries))


def test_the_command_is_installed_and_says_what_is_wrong(tmp_path: Path) -> None:
    command = Path(sys.executable).parent / "sphinx-edition"
    assert command.is_file(), "pip install . installs the sphinx-edition command"
    missing = subprocess.run(
        [str(command), "build", "--docs", str(tmp_path / "none"), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 1
    assert missing.stderr.startswith("error: the source folder") and "Traceback" not in (
        missing.stderr
    )
    unknown = subprocess.run(
        [str(command), "build", "--outputs", "html,mobi"], capture_output=True, text=True
    )
    assert unknown.returncode == 2 and "no output mobi" in unknown.stderr
    # A build that succeeds: the command ends without tearing the interpreter
    # down (cli.run), yet what it printed reaches the pipe whole.
    docs, out = plain_project(tmp_path / "docs"), tmp_path / "out"
    built = subprocess.run(
        [str(command), "build", "--docs", str(docs), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    assert built.stdout == f"Built {out / 'html' / 'index.html'}, {out / 'epub' / 'Plain.epub'}\n"


def test_each_message_once_per_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The site's and the ePub's builders read the same broken page: its
    warning is printed once, and both builders are named as failed."""
    docs, out = plain_project(tmp_path / "docs"), tmp_path / "out"
    page = docs / "more" / "b.rst"
    page.write_text(page.read_text(encoding="utf-8") + "\nA :term:`sprocket`.\n", "utf-8")
    assert run.build(docs, out) == 1
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if "sprocket" in line]
    assert len(warnings) == 1, err
    assert f"{page}:" in warnings[0]
    assert "Build failed (html, epub)" in err
    assert not (out / "html").exists()


def test_once_per_build_keeps_blank_lines_and_partial_writes() -> None:
    import io

    from sphinx_edition.pipeline.messages import OncePerBuild

    target, seen = io.StringIO(), set()
    stream = OncePerBuild(target, seen)
    stream.write("a: WARNING: one\n\nb: WARN")
    stream.write("ING: two\na: WARNING: one\n")
    OncePerBuild(target, seen).write("b: WARNING: two\nc: new\n\n")
    stream.write("tail without end")
    stream.flush()
    assert target.getvalue() == "a: WARNING: one\n\nb: WARNING: two\nc: new\n\ntail without end"
