"""Run Lighthouse (mobile preset) on the built site and print its four scores.

Serves ``_build/html`` gzipped on 127.0.0.1 (scripts/site_server.py), runs
the pinned ``node_modules/.bin/lighthouse`` against the landing page, the
essay and the glossary with Debian's Chromium, writes each full JSON report
to ``_build/lighthouse/`` and prints one table. Run it through
``scripts/lighthouse``; it is a measurement for people, not a timed test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from chromium import CHROMIUM, CHROMIUM_ARGS
from site_server import ROOT, serve

PAGES = {"landing": "index.html", "essay": "essay/index.html", "glossary": "glossary.html"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = " ".join(CHROMIUM_ARGS)


def run(site: Path, out: Path) -> dict[str, dict[str, int]]:
    lighthouse = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not lighthouse.exists():
        sys.exit("node_modules/.bin/lighthouse is missing: run npm ci")
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROMIUM)}
    scores: dict[str, dict[str, int]] = {}
    with serve(site) as base:
        for name, path in PAGES.items():
            report = out / f"{name}.json"
            subprocess.run(
                [
                    str(lighthouse),
                    base + path,
                    "--quiet",
                    f"--only-categories={','.join(CATEGORIES)}",
                    "--output=json",
                    f"--output-path={report}",
                    f"--chrome-flags={CHROME_FLAGS}",
                ],
                env=env,
                check=True,
                timeout=300,
            )
            data = json.loads(report.read_text(encoding="utf-8"))
            scores[name] = {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}
    return scores


def main() -> int:
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build" / "html"
    if not (site / "index.html").is_file():
        sys.exit(f"{site} has no index.html: run scripts/build first")
    scores = run(site, ROOT / "_build" / "lighthouse")
    print(f"{'page':10} " + " ".join(f"{c:>15}" for c in CATEGORIES))
    for name, row in scores.items():
        print(f"{name:10} " + " ".join(f"{row[c]:>15}" for c in CATEGORIES))
    print("Reports: _build/lighthouse/*.json (mobile preset, Lighthouse 12.2.3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
