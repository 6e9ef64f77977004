"""scripts/bench with one round on a small book (docs/ with its source
edition alone, through --docs), and its scale mode on a book generated from
it: the report's shape and sanity.

This is a smoke test, not a timed test: it never compares a time with a goal
(the machine is shared), only that every row was measured and adds up.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from bench_pages import serve
from support import copy_docs, text_pages

from sphinx_edition.pipeline import children

ROOT = Path(__file__).resolve().parents[2]

ROWS = {
    "floor",
    "floor_incremental",
    "theme_floor",
    "theme_floor_incremental",
    "html",
    "epub",
    "both",
    "both_cold",
    "incremental",
    "incremental_cold",
}
# The scale mode's generated book, kept small here: the essay's three
# sections copied once.
SCALE_PAGES = 10


@pytest.fixture(scope="module")
def small_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """docs/ with its source edition alone: the same pages and settings, no
    translation. The bench's builds are of that edition anyway; what it
    spares is the other editions in the whole scripts/build that the PDF's
    cost is measured against."""
    docs = copy_docs(tmp_path_factory.mktemp("small-book") / "docs")
    conf = docs / "conf.py"
    alone = 'edition_languages = {k: e for k, e in edition_languages.items() if not e["path"]}'
    conf.write_text(f"{conf.read_text(encoding='utf-8')}\n{alone}\n", encoding="utf-8")
    return docs


@pytest.fixture(scope="module")
def report(small_book: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    out = tmp_path_factory.mktemp("bench")
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench.py"),
            "--rounds",
            "1",
            "--warmup",
            "0",
            "--scale",
            str(SCALE_PAGES),
            "--docs",
            str(small_book),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads((out / "bench.json").read_text(encoding="utf-8")), proc.stdout


pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(900)]


def check_rows(build: dict) -> None:
    assert set(build) == ROWS
    for name, row in build.items():
        assert len(row["runs"]) == 1, name
        run = row["runs"][0]
        assert run["wall"] > 0.1 and run["cpu"] > 0.1, name
        # A Python process that imported Sphinx: tens of MB, not bytes or GBs.
        assert 20 < row["peak_rss_mb"] < 4000, name
        assert 0.05 < row["x_floor"] < 20, name
        assert 0.05 < row["cpu_x_floor"] < 20, name
        # With one round, the best run is the only run.
        assert row["best_x_floor"] == pytest.approx(row["x_floor"]), name
    assert build["floor"]["x_floor"] == build["floor"]["best_x_floor"] == 1.0
    one = {name: row["runs"][0] for name, row in build.items()}
    assert build["both"]["x_floor"] == pytest.approx(one["both"]["wall"] / one["floor"]["wall"])
    incr = build["incremental"]
    assert incr["x_clean"] == pytest.approx(one["incremental"]["wall"] / one["both"]["wall"])
    assert incr["x_floor_incremental"] == pytest.approx(
        one["incremental"]["wall"] / one["floor_incremental"]["wall"]
    )
    assert build["incremental_cold"]["x_floor_incremental"] == pytest.approx(
        one["incremental_cold"]["wall"] / one["floor_incremental"]["wall"]
    )
    # The theme floor: the floor with the required theme, the yardstick of
    # what our extensions and scripts add.
    assert build["both"]["x_theme_floor"] == pytest.approx(
        one["both"]["wall"] / one["theme_floor"]["wall"]
    )
    assert incr["x_theme_floor_incremental"] == pytest.approx(
        one["incremental"]["wall"] / one["theme_floor_incremental"]["wall"]
    )
    assert build["theme_floor_incremental"]["x_floor_incremental"] == pytest.approx(
        one["theme_floor_incremental"]["wall"] / one["floor_incremental"]["wall"]
    )
    assert build["theme_floor_incremental"]["x_clean"] == pytest.approx(
        one["theme_floor_incremental"]["wall"] / one["theme_floor"]["wall"]
    )


def test_every_build_row_was_measured(report, small_book: Path) -> None:
    check_rows(report[0]["build"])
    assert report[0]["docs"] == str(small_book.resolve())
    assert report[0]["pages_count"] == len(list(small_book.rglob("*.md")))
    assert f"the book in {small_book.resolve()}" in report[1]


def test_scale_mode_measures_a_larger_book(report) -> None:
    scale = report[0]["scale"]
    # The book's pages and copies of its sections, as near the size asked as they go.
    assert report[0]["pages_count"] < scale["pages_count"] <= SCALE_PAGES + 2
    check_rows(scale["build"])
    # Terms still resolve (the build is strict) and the edit rebuilds less.
    assert scale["incremental_diffs"] == []
    names = [t["name"] for t in report[0]["targets"]]
    assert f"{SCALE_PAGES} pages: clean HTML + ePub, x floor" in names


def test_serve_latency_at_both_sizes(report) -> None:
    for preview in (report[0]["serve"], report[0]["scale"]["serve"]):
        # Ours, and plain sphinx-autobuild on the theme floor beside it.
        for latency in (preview, preview["theme_floor"]):
            assert len(latency["latencies_s"]) == 3
            # A rebuild in a fresh process: more than nothing, less than forever.
            assert all(0.2 < s < 300 for s in latency["latencies_s"])
            assert latency["median_s"] == sorted(latency["latencies_s"])[1]
        ratio = preview["median_s"] / preview["theme_floor"]["median_s"]
        assert preview["x_theme_floor"] == pytest.approx(ratio)
    assert "scripts/serve, save to reload" in report[1]
    assert "sphinx-autobuild on the theme floor, save to reload" in report[1]


def test_incremental_output_matches_a_clean_build(report) -> None:
    # An incremental build publishes exactly what a clean one does.
    diffs = report[0]["incremental_diffs"]
    assert diffs == []
    identical = next(t for t in report[0]["targets"] if "identical" in t["name"])
    assert identical["met"] is (not diffs)


def test_every_page_was_weighed(report, small_book: Path) -> None:
    pages = {p["page"]: p for p in report[0]["pages"]}
    essays = {p.removesuffix(".md") + ".html" for p in text_pages(small_book)}
    assert {"index.html", "glossary.html", "about.html"} | essays <= set(pages)
    for name, page in pages.items():
        resources = page["resources"]
        # The page itself plus at least its stylesheet.
        assert page["requests"] == len(resources) >= 2, name
        assert any(r["url"] == name for r in resources), name
        assert page["bytes_raw"] == sum(r["bytes_raw"] for r in resources)
        assert page["bytes_gzip"] == sum(r["bytes_gzip"] for r in resources)
        # Text compresses: the wire carries less than the files hold.
        assert page["bytes_gzip"] < page["bytes_raw"], name
        assert page["largest"] == max(resources, key=lambda r: r["bytes_gzip"])


def test_phases_account_for_each_build(report) -> None:
    phases = report[0]["phases"]
    assert set(phases) == {"floor", "theme_floor", "both", "incremental"}
    names = {column: [p["phase"] for p in run] for column, run in phases.items()}
    # One start-up each. The floors set up the site's builder, then the
    # ePub's, in one process; the book forks its ePub builder beside the
    # site's (pipeline/run.py), so only the site's set-up is in this process.
    ours = ["html"] if children.PRCTL is not None else ["html", "epub"]
    expected = {"floor": ["html", "epub"], "theme_floor": ["html", "epub"], "both": ours}
    for column, builders in expected.items():
        assert names[column].count("start-up and import Sphinx") == 1
        setups = [
            n.split(":")[0]
            for n in names[column]
            if n.endswith("set-up (config, extensions, theme, saved environment)")
        ]
        assert setups == builders, column
    for column, run in phases.items():
        assert all(p["s"] >= 0 for p in run), column
        assert sum(p["s"] for p in run) > 0.1, column


def test_epub_facts(report) -> None:
    epub = report[0]["epub"]
    # mimetype, container, package, nav and at least one document per page.
    assert epub["files"] >= 4 + 7
    assert 0 < epub["largest"]["bytes_compressed"] <= epub["bytes"]
    assert epub["largest"]["bytes"] > 0


def test_table_reports_each_target(report) -> None:
    data, stdout = report
    # Clean build cost, identical output, page bytes and page requests; at
    # scale, clean build cost warm and cold, incremental cost, identical
    # output and the preview's save-to-reload; what the PDF adds, if measured.
    goals = [t for t in data["targets"] if t["met"] is not None]
    assert len(goals) == 9 + bool(data.get("pdf"))
    for target in goals:
        assert isinstance(target["met"], bool)
        assert target["name"] in stdout
    # Beside them, at each size, eight lines without a goal that give the
    # goals their context (the theme's own cost, the floors' own incremental
    # builds, ours over the theme, builds with the shared cache empty, the
    # incremental build over a clean one), and the small book's preview
    # against sphinx-autobuild's.
    context = [t for t in data["targets"] if t["met"] is None]
    assert len(context) == 17
    for line in context:
        assert line["goal"] == "—" and line["name"] in stdout
        assert 0.05 < line["measured"] < 20, line
    for row in data["build"].values():
        assert row["label"] in stdout


def test_server_gzips_text_but_not_fonts(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>" + "word " * 500 + "</p>", encoding="utf-8")
    (tmp_path / "font.woff2").write_bytes(bytes(range(256)) * 4)
    with serve(tmp_path) as base:
        for name, encoded in (("page.html", True), ("font.woff2", False)):
            request = urllib.request.Request(base + name, headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(request, timeout=10) as response:
                body = response.read()
                assert (response.headers.get("Content-Encoding") == "gzip") is encoded
                assert int(response.headers["Content-Length"]) == len(body)
            original = (tmp_path / name).read_bytes()
            assert (gzip.decompress(body) if encoded else body) == original
