"""Benchmark the book: build cost as ratios to a floor, page weight, the ePub.

The machine is shared and noisy, so absolute seconds mean little: every build
is timed against a *floor* measured in the same run, in interleaved rounds
(floor, HTML, ePub, both, each clean build followed by an incremental one
after a one-sentence edit; the order rotates each round), and the report
gives medians of per-round ratios. The floor is bare Sphinx on the same
sources with myst-parser only (and its two syntax extensions, so the text
parses the same) and the default theme: HTML, then an ePub from the same
doctrees, in one process, as ``sphinx-edition build`` builds ours (which
the benchmark asks for the source language's site and ePub alone). A
second yardstick, the *theme floor*, is the floor with the theme this book
must use (sphinx-book-theme): it shows how much of a goal the theme alone
takes, and what our extensions and scripts add to it. Our builds keep their
shared cache (``sphinx_edition.cache``) in a folder of the bench's own, warm
after the first build; one more clean build per round starts it empty, and
so does the incremental build after it.

With ``--scale PAGES`` the same rounds also run on a generated book of about
that many pages (the essay's sections copied, the same glossary), in the
same run. ``scripts/serve``'s save-to-reload latency is measured at each
size: from writing an edit to the preview serving the page with it, beside
plain sphinx-autobuild's on the theme floor.

Every build runs in a child process started the same way (``python ...``), so
each one pays one interpreter start-up; ``os.wait4`` gives each child's own
CPU time and peak memory. Sources are copied to a temporary folder first, so
the incremental edit never touches ``docs/``.

Usage: scripts/bench [--rounds 5] [--warmup 1] [--scale 180] [--commit REV] [--no-browser]
                     [--docs DIR]
"""

from __future__ import annotations

import argparse
import filecmp
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench_pages import epub_facts, page_weights

from sphinx_edition.editions import book_editions
from sphinx_edition.pipeline.config import read_config
from sphinx_edition.site.assets import CONFIG_VALUES as SITE_VALUES

ROOT = Path(__file__).resolve().parent.parent

# What builds ours, as arguments to Python: the package's command.
BOOK_COMMAND = ["-m", "sphinx_edition", "build"]
EDITED_PAGE = "essay/joint-strategy.md"
# An edit a reader would make: one more sentence at the end of a section.
EDIT = "\n\nThis sentence was added by the benchmark to time an incremental rebuild.\n"
ROWS = (
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
)
LABELS = {
    "floor": "floor: bare Sphinx HTML + ePub (myst-parser, alabaster)",
    "floor_incremental": f"floor, incremental after editing {EDITED_PAGE}",
    "theme_floor": "theme floor: the floor with html_theme = sphinx_book_theme",
    "theme_floor_incremental": "theme floor, incremental after the same edit",
    "html": "clean HTML (our conf, -W -n)",
    "epub": "clean ePub (our conf, -W -n)",
    "both": "clean HTML + ePub (sphinx-edition build)",
    "both_cold": "the same, shared cache empty (sphinx_edition.cache)",
    "incremental": f"incremental after editing {EDITED_PAGE}",
    "incremental_cold": "the same incremental, shared cache empty",
}
TARGET_BOTH = 1.25  # clean HTML + ePub, times the floor
# The large book (--scale), times the floor's own builds.
TARGET_SCALED_BOTH = 1.1  # clean HTML + ePub, shared cache warm
TARGET_SCALED_COLD = 1.5  # the same, shared cache empty
TARGET_SCALED_INCREMENTAL = 1.1  # incremental, times the floor's incremental
TARGET_SCALED_SERVE = 1.2  # scripts/serve, times sphinx-autobuild on the theme floor

FLOOR_BUILD = """\
# Written by scripts/bench.py: the floor, bare Sphinx HTML then an ePub from
# the same doctrees, in one process. Usage: floor_build.py SRC OUT
import sys

from sphinx.cmd.build import build_main

src, out = sys.argv[1:3]
common = ["-q", "-d", f"{out}/doctrees", src]
code = build_main(["-b", "html", *common, f"{out}/html"])
sys.exit(code or build_main(["-b", "epub", *common, f"{out}/epub"]))
"""

FLOOR_CONF = """\
# Written by scripts/bench.py: the floor build, with nothing of ours.
project = "floor"
extensions = ["myst_parser"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
exclude_patterns = ["_build"]
"""
# The theme's own share: the floor with the theme we are required to use.
THEME_FLOOR_CONF = FLOOR_CONF + 'html_theme = "sphinx_book_theme"\n'


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child
    maxrss_kb: int


# Where our builds keep compiled templates and purged stylesheets
# (sphinx_edition.cache): the bench's own folder, warm after the first build,
# never the person's. Set by main(); a build may name an empty one instead.
CACHE: dict[str, Path] = {}


def run_child(cmd: list[str], cwd: Path, log: Path, cache: Path | None = None) -> Run:
    """Run ``cmd``; fail with its output if it fails. Time it and read its rusage."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    if cache or CACHE.get("dir"):
        env["SPHINX_EDITION_CACHE_DIR"] = str(cache or CACHE["dir"])
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        # wait4 returns the child's own rusage; RUSAGE_CHILDREN would give only
        # the largest child so far, not this one's peak.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{log.read_text()}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def prepare_sources(
    tmp: Path, commit: str | None, docs: Path = ROOT / "docs"
) -> tuple[Path, list[str], Path]:
    """Copies of ``docs`` (docs/ by default) and scripts/ (ours) and of the
    pages alone (the floor), and the arguments to Python that build ours.

    The pipeline and extensions are the installed package's, whatever --commit says.
    """
    src = tmp / "src"
    if commit:
        src.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit, "docs", "scripts"],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    else:
        ignore = shutil.ignore_patterns("__pycache__", "_build")
        shutil.copytree(docs, src / "docs", ignore=ignore)
        shutil.copytree(ROOT / "scripts", src / "scripts", ignore=ignore)
    (tmp / "floor_build.py").write_text(FLOOR_BUILD, encoding="utf-8")
    return src / "docs", BOOK_COMMAND, floor_sources(src / "docs", tmp)


def floor_sources(docs: Path, tmp: Path, conf: str = FLOOR_CONF, name: str = "floor") -> Path:
    """The pages of ``docs`` with the floor's conf.py (or ``conf``) instead of ours."""
    floor = tmp / f"{name}-{docs.parent.name}"
    ignore = shutil.ignore_patterns("conf.py", "_ext", "_templates", "locales")
    shutil.copytree(docs, floor, ignore=ignore)
    (floor / "conf.py").write_text(conf, encoding="utf-8")
    return floor


def theme_floor_sources(docs: Path, tmp: Path) -> Path:
    return floor_sources(docs, tmp, THEME_FLOOR_CONF, "theme-floor")


def scaled_sources(docs: Path, tmp: Path, pages: int) -> Path:
    """A copy of ``docs`` grown to about ``pages`` pages: the essay's sections
    copied (each copy titled with its number) and listed in the essay's
    table of contents, so their terms resolve to the same glossary and count
    as its uses."""
    big = tmp / "scaled" / "docs"
    shutil.copytree(docs, big, ignore=shutil.ignore_patterns("locales", "_build"))
    sections = sorted(p for p in (big / "essay").glob("*.md") if p.name != "index.md")
    have = sum(1 for _ in big.rglob("*.md"))
    copies = max(0, round((pages - have) / max(len(sections), 1)))
    names = []
    for n in range(1, copies + 1):
        for section in sections:
            text = section.read_text(encoding="utf-8")
            title, _, rest = text.partition("\n")
            name = f"copy-{n:03d}-{section.stem}"
            (section.parent / f"{name}.md").write_text(f"{title} ({n})\n{rest}", encoding="utf-8")
            names.append(name)
    if names:
        toctree = "\n".join(["", "```{toctree}", "---", "maxdepth: 1", "---", *names, "```", ""])
        index = big / "essay" / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + toctree, encoding="utf-8")
    return big


def source_language(docs: Path) -> str:
    """The edition built as conf.py says (edition_languages' entry without a path)."""
    return book_editions(read_config(docs))[0].code


class Bench:
    def __init__(self, tmp: Path, docs: Path, book_command: list[str], floor: Path) -> None:
        self.tmp, self.docs, self.book_command, self.floor = tmp, docs, book_command, floor
        self.theme_floor = theme_floor_sources(docs, tmp)
        self.py = sys.executable
        self.count = 0
        # What the floor builds: the source language's site and ePub.
        self.book_args = ["--only-language", source_language(docs), "--outputs", "html,epub"]
        self.pages = sum(1 for _ in docs.rglob("*.md"))

    def fresh(self, name: str) -> Path:
        self.count += 1
        path = self.tmp / "out" / f"{self.docs.parent.name}-{self.count:03d}-{name}"
        path.mkdir(parents=True)
        return path

    def sphinx(self, builder: str, src: Path, out: Path, strict: bool) -> list[str]:
        flags = ["-W", "--keep-going", "-n"] if strict else []
        return [self.py, "-m", "sphinx", "-b", builder, "-d", str(out / "doctrees"), *flags]

    def floor_build(self, out: Path, src: Path | None = None) -> Run:
        cmd = [self.py, str(self.tmp / "floor_build.py"), str(src or self.floor), str(out)]
        return run_child(cmd, self.tmp, out.parent / f"{out.name}.log")

    def theme_floor_build(self, out: Path) -> Run:
        return self.floor_build(out, self.theme_floor)

    def one(self, builder: str) -> Run:
        out = self.fresh(builder)
        cmd = [*self.sphinx(builder, self.docs, out, True), "-q", str(self.docs), str(out / "o")]
        return run_child(cmd, self.tmp, out / "log")

    def book_cmd(self, out: Path) -> list[str]:
        docs = ["--docs", str(self.docs), "--out", str(out)]
        return [self.py, *self.book_command, *self.book_args, *docs]

    def both(self, out: Path, cache: Path | None = None) -> Run:
        return run_child(self.book_cmd(out), self.tmp, out.parent / f"{out.name}.log", cache)

    def both_cold(self) -> tuple[Run, Run]:
        """A clean build whose shared cache starts empty (as on a new machine,
        or in CI), then the incremental one after the edit, its cache empty too."""
        out = self.fresh("cold")
        clean = self.both(out / "book", out / "cache")
        original = self.edit()
        try:
            return clean, self.both(out / "book", out / "cache-again")
        finally:
            self.restore(original)

    def edit(self, docs: Path | None = None) -> str:
        page = (docs or self.docs) / EDITED_PAGE
        original = page.read_text(encoding="utf-8")
        page.write_text(original + EDIT, encoding="utf-8")
        return original

    def restore(self, original: str, docs: Path | None = None) -> None:
        ((docs or self.docs) / EDITED_PAGE).write_text(original, encoding="utf-8")

    def clean_then_incremental(self, build: Any, docs: Path, out: Path) -> tuple[Run, Run]:
        """A clean build, then one after the edit (the edit undone after)."""
        clean = build(out)
        original = self.edit(docs)
        try:
            return clean, build(out)
        finally:
            self.restore(original, docs)

    def round(self, shift: int) -> tuple[dict[str, Run], Path]:
        """One of each build; the order rotates so no row always runs first."""
        runs: dict[str, Run] = {}
        out = self.fresh("both") / "book"
        steps = ["floor", "theme", "html", "epub", "both", "cold"]
        for step in steps[shift % 6 :] + steps[: shift % 6]:
            # Each incremental run follows the clean one it starts from.
            if step == "floor":
                floor_out = self.fresh("floor") / "floor"
                runs["floor"], runs["floor_incremental"] = self.clean_then_incremental(
                    self.floor_build, self.floor, floor_out
                )
            elif step == "theme":
                theme_out = self.fresh("theme") / "floor"
                runs["theme_floor"], runs["theme_floor_incremental"] = self.clean_then_incremental(
                    self.theme_floor_build, self.theme_floor, theme_out
                )
            elif step == "cold":
                runs["both_cold"], runs["incremental_cold"] = self.both_cold()
            elif step == "both":
                runs["both"], runs["incremental"] = self.clean_then_incremental(
                    self.both, self.docs, out
                )
            else:
                runs[step] = self.one(step)
        return runs, out


def phases(bench: Bench) -> dict[str, Any]:
    """One instrumented run each of the floor, a clean build and an incremental one."""
    tool = [bench.py, str(ROOT / "scripts" / "bench_phases.py")]

    def run(cmd: list[str], log: Path) -> list[dict[str, Any]]:
        run_child(cmd, bench.tmp, log)
        # Warnings (the floor's) come first; the report is the last line.
        return json.loads(log.read_text().strip().splitlines()[-1])["phases"]

    out = bench.fresh("phases")
    floor = [*tool, str(bench.tmp / "floor_build.py"), str(bench.floor), str(out / "floor")]
    theme = [*floor[:-2], str(bench.theme_floor), str(out / "theme")]
    book = [*tool, *bench.book_cmd(out / "book")[1:]]
    result = {
        "floor": run(floor, out / "floor.log"),
        "theme_floor": run(theme, out / "theme.log"),
        "both": run(book, out / "both.log"),
    }
    original = bench.edit()
    try:
        result["incremental"] = run(book, out / "incremental.log")
    finally:
        bench.restore(original)
    return result


def same_output(incremental: Path, clean: Path) -> list[str]:
    """Files that differ between two published builds (HTML site and ePub)."""
    diffs: list[str] = []

    def walk(a: Path, b: Path, rel: str) -> None:
        cmp = filecmp.dircmp(a, b)
        diffs.extend(f"{rel}{n}: only in one build" for n in cmp.left_only + cmp.right_only)
        for name in cmp.common_files:
            if name.endswith(".epub"):
                if not same_epub(a / name, b / name):
                    diffs.append(f"{rel}{name}: members differ")
            elif not filecmp.cmp(a / name, b / name, shallow=False):
                diffs.append(f"{rel}{name}{search_index_detail(a / name, b / name)}")
        for name in cmp.common_dirs:
            walk(a / name, b / name, f"{rel}{name}/")

    walk(incremental, clean, "")
    return diffs


def search_index_detail(a: Path, b: Path) -> str:
    """For searchindex.js, which of its sections differ (Sphinx #12599 drops the
    index entries of unchanged pages on an incremental build)."""
    if a.name != "searchindex.js":
        return ""

    def sections(p: Path) -> dict[str, Any]:
        text = p.read_text(encoding="utf-8")
        return json.loads(text[text.index("(") + 1 : text.rindex(")")])

    sa, sb = sections(a), sections(b)
    keys = sorted(k for k in sa.keys() | sb.keys() if sa.get(k) != sb.get(k))
    return f" (sections: {', '.join(keys)})"


def same_epub(a: Path, b: Path) -> bool:
    """Same members, in the same order, with the same bytes. Zip timestamps are
    the one documented volatile part: they record when each file was written."""
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        names = [i.filename for i in za.infolist()]
        if names != [i.filename for i in zb.infolist()]:
            return False
        return all(za.read(n) == zb.read(n) for n in names)


def verify(bench: Bench, last: Path) -> list[str]:
    """The last incremental output against a clean build of the same edited sources."""
    original = bench.edit()
    try:
        clean = bench.fresh("verify") / "book"
        bench.both(clean)
    finally:
        bench.restore(original)
    diffs = same_output(last / "html", clean / "html")
    return diffs + [f"epub/{d}" for d in same_output(last / "epub", clean / "epub")]


def summarise(rounds: list[dict[str, Run]]) -> dict[str, Any]:
    rows = {}
    for row in ROWS:
        runs = [r[row] for r in rounds]
        rows[row] = {
            "label": LABELS[row],
            "wall_s": statistics.median(r.wall for r in runs),
            "cpu_s": statistics.median(r.cpu for r in runs),
            # Per-round ratios, then their median: each round's floor ran
            # next to its builds, under the same load.
            "x_floor": statistics.median(r[row].wall / r["floor"].wall for r in rounds),
            "cpu_x_floor": statistics.median(r[row].cpu / r["floor"].cpu for r in rounds),
            # Best of the rounds against the floor's best: the least disturbed
            # runs, a cross-check when the machine was busy.
            "best_x_floor": min(r.wall for r in runs) / min(r["floor"].wall for r in rounds),
            "peak_rss_mb": max(r.maxrss_kb for r in runs) / 1024,
            "runs": [asdict(r) for r in runs],
        }
    incr = rows["incremental"]
    incr["x_clean"] = statistics.median(r["incremental"].wall / r["both"].wall for r in rounds)
    incr["cpu_x_clean"] = statistics.median(r["incremental"].cpu / r["both"].cpu for r in rounds)
    incr["best_x_clean"] = min(r["incremental"].wall for r in rounds) / min(
        r["both"].wall for r in rounds
    )
    # Against the theme floor: what our extensions and scripts add to the theme.
    both = rows["both"]
    both["x_theme_floor"] = statistics.median(
        r["both"].wall / r["theme_floor"].wall for r in rounds
    )
    both["cpu_x_theme_floor"] = statistics.median(
        r["both"].cpu / r["theme_floor"].cpu for r in rounds
    )
    incr["x_theme_floor_incremental"] = statistics.median(
        r["incremental"].wall / r["theme_floor_incremental"].wall for r in rounds
    )
    incr["cpu_x_theme_floor_incremental"] = statistics.median(
        r["incremental"].cpu / r["theme_floor_incremental"].cpu for r in rounds
    )
    # The floors' own incremental builds against their clean ones: the share
    # of a build that start-up and set-up take, whatever the edit.
    for floor in ("floor", "theme_floor"):
        rows[f"{floor}_incremental"]["x_clean"] = statistics.median(
            r[f"{floor}_incremental"].wall / r[floor].wall for r in rounds
        )
    # Against the floor's own incremental build after the same edit: the
    # theme's share of an incremental build, and ours.
    rows["theme_floor_incremental"]["x_floor_incremental"] = statistics.median(
        r["theme_floor_incremental"].wall / r["floor_incremental"].wall for r in rounds
    )
    incr["x_floor_incremental"] = statistics.median(
        r["incremental"].wall / r["floor_incremental"].wall for r in rounds
    )
    incr["cpu_x_floor_incremental"] = statistics.median(
        r["incremental"].cpu / r["floor_incremental"].cpu for r in rounds
    )
    incr["best_x_floor_incremental"] = min(r["incremental"].wall for r in rounds) / min(
        r["floor_incremental"].wall for r in rounds
    )
    rows["incremental_cold"]["x_floor_incremental"] = statistics.median(
        r["incremental_cold"].wall / r["floor_incremental"].wall for r in rounds
    )
    return rows


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def page_text(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (OSError, http.client.HTTPException):  # not up yet, or a page being written
        return ""


def stop_group(proc: subprocess.Popen, timeout: float) -> None:
    """End a server started in its own process group: SIGTERM, then SIGKILL."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def wait_for(check: Any, timeout: float, step: float = 0.02) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(step)
    return False


def serve_latency(docs: Path, out: Path, edits: int = 3, plain: bool = False) -> dict[str, Any]:
    """Seconds from saving an edit to ``scripts/serve`` serving the page with it
    (with ``plain``, to sphinx-autobuild as it comes, with no option of ours:
    the yardstick, on the theme floor's sources).

    The preview (sphinx-autobuild, a fresh sphinx-build per save) starts on
    a copy of the sources and builds them once; then each edit adds a new
    sentence to one page and the page is fetched every 20 ms until it shows.
    """
    port = free_port()
    if plain:
        autobuild = Path(sys.executable).with_name("sphinx-autobuild")
        cmd = [str(autobuild), "-b", "html", "-d", str(out / "doctrees"), "-q"]
        cmd += ["--host", "127.0.0.1", "--port", str(port), str(docs), str(out / "html")]
    else:
        cmd = ["bash", str(ROOT / "scripts" / "serve"), "--port", str(port)]
        cmd += ["--docs", str(docs), "--out", str(out)]
    url = f"http://127.0.0.1:{port}/{EDITED_PAGE.removesuffix('.md')}.html"
    page = docs / EDITED_PAGE
    original = page.read_text(encoding="utf-8")
    latencies = []
    with (out.parent / f"{out.name}-serve.log").open("wb") as log:
        # Its own session, so stopping it stops sphinx-autobuild and its builds.
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            if not wait_for(lambda: "</html>" in page_text(url), 900, 0.2):
                sys.exit(f"{cmd[0]} did not serve {url}; see {log.name}")
            # Each edit follows the build that showed the last one (or the
            # first build): the page shows it only once that build is done.
            for n in range(edits):
                marker = f"Benchmark preview sentence number {n} {time.time_ns()}."
                start = time.perf_counter()
                page.write_text(f"{original}\n\n{marker}\n", encoding="utf-8")
                if not wait_for(lambda m=marker: m in page_text(url), 600):
                    sys.exit(f"{cmd[0]} never showed the edit at {url}")
                latencies.append(time.perf_counter() - start)
        finally:
            page.write_text(original, encoding="utf-8")
            stop_group(proc, 30)
    return {"latencies_s": latencies, "median_s": statistics.median(latencies)}


def serve_both(bench: Bench) -> dict[str, Any]:
    """scripts/serve on the book, and sphinx-autobuild on the theme floor: the
    editor's wait after a save, and the same wait with nothing of ours."""
    ours = serve_latency(bench.docs, bench.fresh("serve") / "preview")
    plain = serve_latency(bench.theme_floor, bench.fresh("autobuild") / "preview", plain=True)
    return {**ours, "theme_floor": plain, "x_theme_floor": ours["median_s"] / plain["median_s"]}


def kb(n: float) -> str:
    return f"{n / 1024:,.1f}"


def build_table(b: dict[str, Any], pages: int, serve: dict[str, Any] | None) -> list[str]:
    lines = [
        "",
        f"| build ({pages} pages) | median s | x floor | CPU x floor | best x floor "
        "| peak RSS MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in ROWS:
        r = b[row]
        lines.append(
            f"| {r['label']} | {r['wall_s']:.2f} | {r['x_floor']:.2f} | "
            f"{r['cpu_x_floor']:.2f} | {r['best_x_floor']:.2f} | {r['peak_rss_mb']:.0f} |"
        )
    incr = b["incremental"]
    lines.append(
        f"| incremental x clean HTML + ePub | | {incr['x_clean']:.2f} | "
        f"{incr['cpu_x_clean']:.2f} | {incr['best_x_clean']:.2f} | |"
    )
    lines.append(
        f"| incremental x the floor's incremental | | {incr['x_floor_incremental']:.2f} | "
        f"{incr['cpu_x_floor_incremental']:.2f} | {incr['best_x_floor_incremental']:.2f} | |"
    )
    both = b["both"]
    lines.append(
        f"| clean HTML + ePub x theme floor | | {both['x_theme_floor']:.2f} | "
        f"{both['cpu_x_theme_floor']:.2f} | | |"
    )
    lines.append(
        f"| incremental x the theme floor's incremental | | "
        f"{incr['x_theme_floor_incremental']:.2f} | "
        f"{incr['cpu_x_theme_floor_incremental']:.2f} | | |"
    )
    if serve:
        for name, latency in (
            ("scripts/serve, save to reload", serve),
            ("sphinx-autobuild on the theme floor, save to reload", serve["theme_floor"]),
        ):
            each = ", ".join(f"{s:.2f}" for s in latency["latencies_s"])
            lines.append(f"| {name} (s; each: {each}) | {latency['median_s']:.2f} | | | | |")
        lines.append(
            f"| scripts/serve x sphinx-autobuild on the theme floor | | "
            f"{serve['x_theme_floor']:.2f} | | | |"
        )
    return lines


def book_named(report: dict[str, Any]) -> str:
    """The words ", the book in DIR" when the bench ran on another book than docs/ (--docs)."""
    docs = Path(report["docs"])
    return "" if docs == (ROOT / "docs").resolve() else f", the book in {docs}"


def table(report: dict[str, Any]) -> str:
    lines = [
        f"Benchmark of {report['commit']}{' (dirty)' if report['dirty'] else ''}"
        f"{book_named(report)}, "
        f"{report['rounds']} interleaved rounds after {report['warmup']} warm-up "
        f"(load average {report['loadavg_before_after'][0]:.1f} before, "
        f"{report['loadavg_before_after'][1]:.1f} after, on {report['cpus']} CPUs)",
    ]
    lines += build_table(report["build"], report["pages_count"], report.get("serve"))
    scale = report.get("scale")
    if scale:
        lines += build_table(scale["build"], scale["pages_count"], scale.get("serve"))
    if report["phases"]:
        lines += phase_table(report["phases"])
    if report["pages"]:
        lines += [
            "",
            "| page | requests | KB raw | KB gzip | largest resource (KB gzip) |",
            "| --- | ---: | ---: | ---: | --- |",
        ]
        for p in report["pages"]:
            big = p["largest"]
            lines.append(
                f"| {p['page']} | {p['requests']} | {kb(p['bytes_raw'])} | "
                f"{kb(p['bytes_gzip'])} | {big['url']} ({kb(big['bytes_gzip'])}) |"
            )
    if report.get("pdf"):
        lines += pdf_table(report["pdf"])
    e = report["epub"]
    lines += [
        "",
        "| ePub | bytes | files | largest member (bytes) |",
        "| --- | ---: | ---: | --- |",
        f"| {e['name']} | {e['bytes']:,} | {e['files']} | "
        f"{e['largest']['name']} ({e['largest']['bytes']:,}) |",
        "",
        "| target | measured | goal | met |",
        "| --- | ---: | ---: | --- |",
    ]
    for t in report["targets"]:
        met = "—" if t["met"] is None else "yes" if t["met"] else "NO"
        lines.append(f"| {t['name']} | {t['measured']} | {t['goal']} | {met} |")
    if report["incremental_diffs"]:
        lines += ["", "Incremental output differs from a clean build in:"]
        lines += [f"- {d}" for d in report["incremental_diffs"]]
    if scale and scale["incremental_diffs"]:
        lines += ["", f"At {scale['pages_count']} pages, incremental output differs in:"]
        lines += [f"- {d}" for d in scale["incremental_diffs"]]
    return "\n".join(lines)


def phase_table(phases: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Seconds per phase, one instrumented run each (in-process, wall clock)."""
    columns = [c for c in ("floor", "theme_floor", "both", "incremental") if c in phases]
    names: list[str] = []
    for column in ("both", *columns):  # the book's order: HTML, ePub, publish
        for p in phases[column]:
            if p["phase"] not in names:
                names.append(p["phase"])
    lines = [
        "",
        "| where the time goes (one run each, s) | floor | theme floor | clean HTML + ePub "
        "| incremental |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name in names:
        cells = []
        for column in columns:
            spent = sum(p["s"] for p in phases[column] if p["phase"] == name)
            seen = any(p["phase"] == name for p in phases[column])
            cells.append(f"{spent:.2f}" if seen else "")
        lines.append(f"| {name} | {' | '.join(cells)} |")
    totals = [f"{sum(p['s'] for p in phases[c]):.2f}" for c in columns]
    lines.append(f"| total, in-process | {' | '.join(totals)} |")
    return lines


def context(b: dict[str, Any], prefix: str) -> list[dict[str, Any]]:
    """Lines with no goal that say what a goal is up against: the required
    theme's own cost over the floor, and how much of a clean build the
    floors' own incremental builds cost (start-up and set-up)."""
    lines = {
        "theme floor (the theme alone), clean, x floor": b["theme_floor"]["x_floor"],
        "theme floor, incremental, x the floor's incremental": b["theme_floor_incremental"][
            "x_floor_incremental"
        ],
        "floor's incremental, x floor's clean": b["floor_incremental"]["x_clean"],
        "theme floor's incremental, x its clean": b["theme_floor_incremental"]["x_clean"],
        "clean HTML + ePub, x theme floor": b["both"]["x_theme_floor"],
        "clean HTML + ePub with the shared cache empty, x floor": b["both_cold"]["x_floor"],
        # A fresh process pays start-up and set-up whatever the edit; the
        # editor's real wait is scripts/serve's (measured beside).
        "incremental, x clean HTML + ePub": b["incremental"]["x_clean"],
        "incremental with the shared cache empty, x the floor's incremental": b["incremental_cold"][
            "x_floor_incremental"
        ],
    }
    return [
        {"name": f"{prefix}{name}", "measured": round(value, 2), "goal": "—", "met": None}
        for name, value in lines.items()
    ]


def goal(name: str, measured: float, most: float) -> dict[str, Any]:
    return {
        "name": name,
        "measured": round(measured, 2),
        "goal": f"≤ {most}",
        "met": measured <= most,
    }


def targets(report: dict[str, Any], docs: Path = ROOT / "docs") -> list[dict[str, Any]]:
    b = report["build"]
    out = [
        goal("clean HTML + ePub, x floor", b["both"]["x_floor"], TARGET_BOTH),
        {
            "name": "incremental output identical to a clean build",
            "measured": "identical" if not report["incremental_diffs"] else "differs",
            "goal": "identical",
            "met": not report["incremental_diffs"],
        },
        *context(b, ""),
    ]
    scale = report.get("scale")
    if scale:
        s, pages = scale["build"], scale["pages_count"]
        out += [
            goal(
                f"{pages} pages: clean HTML + ePub, x floor",
                s["both"]["x_floor"],
                TARGET_SCALED_BOTH,
            ),
            goal(
                f"{pages} pages: clean HTML + ePub with the shared cache empty, x floor",
                s["both_cold"]["x_floor"],
                TARGET_SCALED_COLD,
            ),
            goal(
                f"{pages} pages: incremental, x the floor's incremental",
                s["incremental"]["x_floor_incremental"],
                TARGET_SCALED_INCREMENTAL,
            ),
            {
                "name": f"{pages} pages: incremental output identical to a clean build",
                "measured": "identical" if not scale["incremental_diffs"] else "differs",
                "goal": "identical",
                "met": not scale["incremental_diffs"],
            },
            *context(s, f"{pages} pages: "),
        ]
        if scale.get("serve"):
            out.append(
                goal(
                    f"{pages} pages: scripts/serve save to reload, x sphinx-autobuild "
                    "on the theme floor",
                    scale["serve"]["x_theme_floor"],
                    TARGET_SCALED_SERVE,
                )
            )
    if report.get("serve"):
        out.append(
            {
                "name": "scripts/serve save to reload, x sphinx-autobuild on the theme floor",
                "measured": round(report["serve"]["x_theme_floor"], 2),
                "goal": "—",
                "met": None,
            }
        )
    pdf = report.get("pdf")
    if pdf:
        out.append(
            {
                "name": "the PDF, added to a clean scripts/build, x floor",
                "measured": round(pdf["x_floor"], 2),
                "goal": f"≤ {TARGET_PDF}",
                "met": pdf["x_floor"] <= TARGET_PDF,
            }
        )
    essays = [p for p in report["pages"] if p["page"].startswith("essay/")]
    if essays:
        # The page budget (site_page_budget: sphinx_edition.site.assets, conf.py).
        budget = read_config(docs, SITE_VALUES).site_page_budget
        heaviest = max(essays, key=lambda p: p["bytes_gzip"])
        most = max(essays, key=lambda p: p["requests"])
        out += [
            {
                "name": f"heaviest essay page ({heaviest['page']}), KB gzip",
                "measured": round(heaviest["bytes_gzip"] / 1024, 1),
                "goal": f"≤ {budget['bytes'] / 1024:g}",
                "met": heaviest["bytes_gzip"] <= budget["bytes"],
            },
            {
                "name": f"most requests of an essay page ({most['page']})",
                "measured": most["requests"],
                "goal": f"≤ {budget['requests']}",
                "met": most["requests"] <= budget["requests"],
            },
        ]
    return out


# -- The PDF's cost -------------------------------------------------------------

TARGET_PDF = 1.0  # what the PDF adds to a clean scripts/build, times the floor


def pdf_cost(bench: Bench, rounds: int) -> dict[str, Any]:
    """What the PDF adds to a clean ``scripts/build`` (every edition), in floors.

    Each round runs the floor, the whole book as ``scripts/build`` makes it and
    the same without the PDF (``--outputs html,epub``), in rotating order. The
    PDF's cost is the difference between the two books over that round's
    floor, in wall time and in CPU time (the PDF renders in a child process
    beside the other builders, so the two differ).
    """
    kinds = ("floor", "book", "without_pdf")
    per_round: list[dict[str, Run]] = []
    for i in range(rounds):
        runs: dict[str, Run] = {}
        for kind in kinds[i % 3 :] + kinds[: i % 3]:
            out = bench.fresh(f"pdf-{kind}") / "out"
            if kind == "floor":
                runs[kind] = bench.floor_build(out)
                continue
            only = ["--outputs", "html,epub"] if kind == "without_pdf" else []
            where = ["--docs", str(bench.docs), "--out", str(out)]
            cmd = [bench.py, *bench.book_command, *only, *where]
            runs[kind] = run_child(cmd, bench.tmp, out.parent / "log")
        per_round.append(runs)

    def added(measure: str) -> float:
        return statistics.median(
            (getattr(r["book"], measure) - getattr(r["without_pdf"], measure))
            / getattr(r["floor"], measure)
            for r in per_round
        )

    return {
        **{f"{kind}_s": statistics.median(r[kind].wall for r in per_round) for kind in kinds},
        **{f"{kind}_cpu_s": statistics.median(r[kind].cpu for r in per_round) for kind in kinds},
        "x_floor": added("wall"),
        "cpu_x_floor": added("cpu"),
        "runs": [{k: asdict(v) for k, v in r.items()} for r in per_round],
    }


def pdf_table(pdf: dict[str, Any]) -> list[str]:
    rows = {
        "floor": "floor",
        "without_pdf": "clean scripts/build without the PDF (--outputs html,epub)",
        "book": "clean scripts/build (every edition, with the PDF)",
    }
    return [
        "",
        "| the PDF's cost | median s | median CPU s |",
        "| --- | ---: | ---: |",
        *(
            f"| {label} | {pdf[f'{k}_s']:.2f} | {pdf[f'{k}_cpu_s']:.2f} |"
            for k, label in rows.items()
        ),
        f"| the PDF adds, x floor (median of rounds) | {pdf['x_floor']:.2f} "
        f"| {pdf['cpu_x_floor']:.2f} |",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first (default 1)")
    parser.add_argument("--commit", help="benchmark this commit's docs/ instead of the work tree")
    parser.add_argument(
        "--docs",
        type=Path,
        default=ROOT / "docs",
        metavar="DIR",
        help=f"benchmark the book in DIR instead of docs/ (laid out as docs/ is: "
        f"the page the bench edits is {EDITED_PAGE})",
    )
    parser.add_argument("--no-browser", action="store_true", help="skip the page weights")
    parser.add_argument(
        "--no-phases", action="store_true", help="skip the where-the-time-goes breakdown"
    )
    parser.add_argument(
        "--scale",
        type=int,
        default=0,
        metavar="PAGES",
        help="also benchmark a generated book of about PAGES pages (the issue's: 180)",
    )
    parser.add_argument(
        "--no-serve", action="store_true", help="skip scripts/serve's save-to-reload latency"
    )
    parser.add_argument(
        "--no-pdf", action="store_true", help="skip what the PDF adds to a whole clean build"
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "_build" / "bench", help="where bench.json goes"
    )
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    docs_given = args.docs.resolve() != (ROOT / "docs").resolve()
    if args.commit and docs_given:
        parser.error("--commit benchmarks that commit's docs/; give --docs or --commit, not both")
    if not (args.docs / EDITED_PAGE).is_file():
        parser.error(f"{args.docs / EDITED_PAGE} is missing: the bench edits that page")
    head = git("rev-parse", "--short", "HEAD")
    commit = git("rev-parse", "--short", args.commit) if args.commit else head
    dirty = not args.commit and bool(git("status", "--porcelain", "--", "docs", "scripts"))
    with tempfile.TemporaryDirectory(prefix="bench-") as tmpdir:
        tmp = Path(tmpdir)
        CACHE["dir"] = tmp / "cache"
        docs, book_command, floor = prepare_sources(tmp, args.commit, args.docs)
        bench = Bench(tmp, docs, book_command, floor)
        benches = [bench]
        if args.scale:
            big = scaled_sources(docs, tmp, args.scale)
            benches.append(Bench(tmp, big, book_command, floor_sources(big, tmp)))
        load_before = os.getloadavg()
        for i in range(args.warmup):
            for each in benches:
                each.round(i)
        rounds: list[list[dict[str, Run]]] = [[] for _ in benches]
        diffs_per_size: list[list[str]] = []
        for i in range(args.rounds):
            # Both sizes in each round, so both meet the same load.
            for each, kept in zip(benches, rounds, strict=True):
                runs, last = each.round(i)
                kept.append(runs)
                if i == args.rounds - 1:
                    # The last incremental output against a clean build of the
                    # same edited sources (untimed), at once: the extensions
                    # are the work tree's, and may change between sizes.
                    diffs_per_size.append(verify(each, last))
        load_after = os.getloadavg()
        diffs = diffs_per_size[0]
        serves = [None if args.no_serve else serve_both(each) for each in benches]
        pristine = bench.fresh("pages") / "book"
        bench.both(pristine)
        report: dict[str, Any] = {
            "commit": commit,
            "dirty": dirty,
            "docs": str(args.docs.resolve()),
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "loadavg_before_after": [load_before[0], load_after[0]],
            "rounds": args.rounds,
            "warmup": args.warmup,
            "pages_count": bench.pages,
            "build": summarise(rounds[0]),
            "incremental_diffs": diffs,
            "serve": serves[0],
            "phases": {} if args.no_phases else phases(bench),
            "pages": [] if args.no_browser else page_weights(pristine / "html"),
            "epub": epub_facts(next((pristine / "epub").glob("*.epub"))),
            "pdf": {} if args.no_pdf else pdf_cost(bench, args.rounds),
        }
        if args.scale:
            report["scale"] = {
                "pages_count": benches[1].pages,
                "build": summarise(rounds[1]),
                "incremental_diffs": diffs_per_size[1],
                "serve": serves[1],
            }
    report["targets"] = targets(report, args.docs)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    text = table(report)
    (args.out / "bench.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"\nWritten to {args.out / 'bench.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
