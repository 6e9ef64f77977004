"""Benchmark the book: build cost as ratios to a floor, page weight, the ePub.

The machine is shared and noisy, so absolute seconds mean little: every build
is timed against a *floor* measured in the same run, in interleaved rounds
(floor, HTML, ePub, both, incremental; the order rotates each round), and the
report gives medians of per-round ratios. The floor is a bare
``sphinx-build -b html`` of the same sources with myst-parser only (and its two
syntax extensions, so the text parses the same) and the default theme.

Every build runs in a child process started the same way (``python ...``), so
each one pays one interpreter start-up; ``os.wait4`` gives each child's own
CPU time and peak memory. Sources are copied to a temporary folder first, so
the incremental edit never touches ``docs/``.

Usage: scripts/bench [--rounds 5] [--warmup 1] [--commit REV] [--no-browser]
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench_pages import epub_facts, page_weights
from edition_config import read_config

ROOT = Path(__file__).resolve().parent.parent

EDITED_PAGE = "essay/joint-strategy.md"
# An edit a reader would make: one more sentence at the end of a section.
EDIT = "\n\nThis sentence was added by the benchmark to time an incremental rebuild.\n"
ROWS = ("floor", "html", "epub", "both", "incremental")
LABELS = {
    "floor": "floor: bare sphinx-build -b html (myst-parser, alabaster)",
    "html": "clean HTML (our conf, -W -n)",
    "epub": "clean ePub (our conf, -W -n)",
    "both": "clean HTML + ePub (scripts/build_book.py)",
    "incremental": f"incremental after editing {EDITED_PAGE}",
}
TARGET_BOTH = 1.3  # clean HTML + ePub, times the floor
TARGET_INCREMENTAL = 0.35  # incremental rebuild, times a clean HTML + ePub

FLOOR_CONF = """\
# Written by scripts/bench.py: the floor build, with nothing of ours.
project = "floor"
extensions = ["myst_parser"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
exclude_patterns = ["_build"]
"""


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child
    maxrss_kb: int


def run_child(cmd: list[str], cwd: Path, log: Path) -> Run:
    """Run ``cmd``; fail with its output if it fails. Time it and read its rusage."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
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


def prepare_sources(tmp: Path, commit: str | None) -> tuple[Path, Path, Path]:
    """Copies of docs/ and scripts/ (ours) and of the pages alone (the floor).

    The extensions in src/ are the installed package's, whatever --commit says.
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
        shutil.copytree(ROOT / "docs", src / "docs", ignore=ignore)
        shutil.copytree(ROOT / "scripts", src / "scripts", ignore=ignore)
    floor = tmp / "floor-src"
    shutil.copytree(
        src / "docs", floor, ignore=shutil.ignore_patterns("conf.py", "_ext", "_templates")
    )
    (floor / "conf.py").write_text(FLOOR_CONF, encoding="utf-8")
    return src / "docs", src / "scripts" / "build_book.py", floor


class Bench:
    def __init__(self, tmp: Path, docs: Path, build_book: Path, floor: Path) -> None:
        self.tmp, self.docs, self.build_book, self.floor = tmp, docs, build_book, floor
        self.py = sys.executable
        self.count = 0

    def fresh(self, name: str) -> Path:
        self.count += 1
        path = self.tmp / "out" / f"{self.count:03d}-{name}"
        path.mkdir(parents=True)
        return path

    def sphinx(self, builder: str, src: Path, out: Path, strict: bool) -> list[str]:
        flags = ["-W", "--keep-going", "-n"] if strict else []
        return [self.py, "-m", "sphinx", "-b", builder, "-d", str(out / "doctrees"), *flags]

    def floor_build(self) -> Run:
        out = self.fresh("floor")
        cmd = [*self.sphinx("html", self.floor, out, False), "-q", str(self.floor), str(out / "h")]
        return run_child(cmd, self.tmp, out / "log")

    def one(self, builder: str) -> Run:
        out = self.fresh(builder)
        cmd = [*self.sphinx(builder, self.docs, out, True), "-q", str(self.docs), str(out / "o")]
        return run_child(cmd, self.tmp, out / "log")

    def both(self, out: Path) -> Run:
        cmd = [self.py, str(self.build_book), "--docs", str(self.docs), "--out", str(out)]
        return run_child(cmd, self.tmp, out.parent / f"{out.name}.log")

    def edit(self) -> str:
        page = self.docs / EDITED_PAGE
        original = page.read_text(encoding="utf-8")
        page.write_text(original + EDIT, encoding="utf-8")
        return original

    def restore(self, original: str) -> None:
        (self.docs / EDITED_PAGE).write_text(original, encoding="utf-8")

    def round(self, shift: int) -> tuple[dict[str, Run], Path]:
        """One of each build; the order rotates so no row always runs first."""
        runs: dict[str, Run] = {}
        out = self.fresh("both") / "book"
        steps = ["floor", "html", "epub", "both"]
        for step in steps[shift % 4 :] + steps[: shift % 4]:
            if step == "floor":
                runs[step] = self.floor_build()
            elif step == "both":
                runs["both"] = self.both(out)
                # The incremental run follows the clean one it starts from.
                original = self.edit()
                try:
                    runs["incremental"] = self.both(out)
                finally:
                    self.restore(original)
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
    floor = [*tool, "-m", "sphinx", "-b", "html", "-d", str(out / "dt"), "-q"]
    book = [*tool, str(bench.build_book), "--docs", str(bench.docs), "--out", str(out / "book")]
    result = {
        "floor": run([*floor, str(bench.floor), str(out / "floor")], out / "floor.log"),
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
    return rows


def kb(n: float) -> str:
    return f"{n / 1024:,.1f}"


def table(report: dict[str, Any]) -> str:
    b = report["build"]
    lines = [
        f"Benchmark of {report['commit']}{' (dirty)' if report['dirty'] else ''}, "
        f"{report['rounds']} interleaved rounds after {report['warmup']} warm-up "
        f"(load average {report['loadavg_before_after'][0]:.1f} before, "
        f"{report['loadavg_before_after'][1]:.1f} after, on {report['cpus']} CPUs)",
        "",
        "| build | median s | x floor | CPU x floor | best x floor | peak RSS MB |",
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
        lines.append(
            f"| {t['name']} | {t['measured']} | {t['goal']} | {'yes' if t['met'] else 'NO'} |"
        )
    if report["incremental_diffs"]:
        lines += ["", "Incremental output differs from a clean build in:"]
        lines += [f"- {d}" for d in report["incremental_diffs"]]
    return "\n".join(lines)


def phase_table(phases: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Seconds per phase, one instrumented run each (in-process, wall clock)."""
    columns = [c for c in ("floor", "both", "incremental") if c in phases]
    names: list[str] = []
    for column in ("both", *columns):  # the book's order: HTML, ePub, publish
        for p in phases[column]:
            if p["phase"] not in names:
                names.append(p["phase"])
    lines = [
        "",
        "| where the time goes (one run each, s) | floor | clean HTML + ePub | incremental |",
        "| --- | ---: | ---: | ---: |",
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


def targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    b = report["build"]
    out = [
        {
            "name": "clean HTML + ePub, x floor",
            "measured": round(b["both"]["x_floor"], 2),
            "goal": f"≤ {TARGET_BOTH}",
            "met": b["both"]["x_floor"] <= TARGET_BOTH,
        },
        {
            "name": "incremental, x clean HTML + ePub",
            "measured": round(b["incremental"]["x_clean"], 2),
            "goal": f"≤ {TARGET_INCREMENTAL}",
            "met": b["incremental"]["x_clean"] <= TARGET_INCREMENTAL,
        },
        {
            "name": "incremental output identical to a clean build",
            "measured": "identical" if not report["incremental_diffs"] else "differs",
            "goal": "identical",
            "met": not report["incremental_diffs"],
        },
    ]
    essays = [p for p in report["pages"] if p["page"].startswith("essay/")]
    if essays:
        # The page budget (site_page_budget: sphinx_edition.site.assets, conf.py).
        budget = read_config().site_page_budget
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first (default 1)")
    parser.add_argument("--commit", help="benchmark this commit's docs/ instead of the work tree")
    parser.add_argument("--no-browser", action="store_true", help="skip the page weights")
    parser.add_argument(
        "--no-phases", action="store_true", help="skip the where-the-time-goes breakdown"
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "_build" / "bench", help="where bench.json goes"
    )
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    head = git("rev-parse", "--short", "HEAD")
    commit = git("rev-parse", "--short", args.commit) if args.commit else head
    dirty = not args.commit and bool(git("status", "--porcelain", "--", "docs", "scripts"))
    with tempfile.TemporaryDirectory(prefix="bench-") as tmpdir:
        tmp = Path(tmpdir)
        docs, build_book, floor = prepare_sources(tmp, args.commit)
        bench = Bench(tmp, docs, build_book, floor)
        load_before = os.getloadavg()
        for i in range(args.warmup):
            bench.round(i)
        rounds = []
        for i in range(args.rounds):
            runs, last = bench.round(i)
            rounds.append(runs)
        load_after = os.getloadavg()
        # The last round's incremental output against a clean build of the
        # same edited sources (untimed).
        original = bench.edit()
        try:
            clean = bench.fresh("verify") / "book"
            bench.both(clean)
        finally:
            bench.restore(original)
        diffs = same_output(last / "html", clean / "html")
        diffs += [f"epub/{d}" for d in same_output(last / "epub", clean / "epub")]
        pristine = bench.fresh("pages") / "book"
        bench.both(pristine)
        report: dict[str, Any] = {
            "commit": commit,
            "dirty": dirty,
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "loadavg_before_after": [load_before[0], load_after[0]],
            "rounds": args.rounds,
            "warmup": args.warmup,
            "build": summarise(rounds),
            "incremental_diffs": diffs,
            "phases": {} if args.no_phases else phases(bench),
            "pages": [] if args.no_browser else page_weights(pristine / "html"),
            "epub": epub_facts(next((pristine / "epub").glob("*.epub"))),
        }
    report["targets"] = targets(report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    text = table(report)
    (args.out / "bench.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"\nWritten to {args.out / 'bench.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
