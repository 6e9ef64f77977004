"""Write CITATION.cff from docs/conf.py: the same facts as the pages' citation tags.

    .venv/bin/python scripts/make_citation.py           # writes CITATION.cff
    .venv/bin/python scripts/make_citation.py --check   # exit 1 if it is out of date

The file is rendered by sphinx_edition.cite (formats.cff) from cite_metadata
and the project's title, version, language and address, as Sphinx reads
them. After changing any of those in conf.py, run this and commit the file;
a test fails until you do. The address is the canonical one: SITE_BASEURL
(another host's address for one build) is ignored here. Without
cite_metadata (or with a mistake in it) it says so and writes nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "CITATION.cff"


def render(docs: Path | None = None) -> str:
    """CITATION.cff's text; raises CiteConfigError when cite_metadata cannot make it."""
    from sphinx_edition.cite import add_config_values
    from sphinx_edition.cite.formats import cff
    from sphinx_edition.cite.model import edition
    from sphinx_edition.pipeline.config import SPHINX_HTML_VALUES, read_config

    saved = os.environ.pop("SITE_BASEURL", None)
    try:
        config = read_config(docs or ROOT / "docs", SPHINX_HTML_VALUES)
    finally:
        if saved is not None:
            os.environ["SITE_BASEURL"] = saved
    add_config_values(config)
    # Only a date fixed in cite_metadata goes into the file (formats.cff_data),
    # never the day of a build, so the epoch given here is never written.
    return cff(edition(config, environ={"SOURCE_DATE_EPOCH": "0"}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=TARGET)
    parser.add_argument("--check", action="store_true", help="only say whether it is current")
    args = parser.parse_args(argv)
    from sphinx_edition.cite.model import CiteConfigError

    try:
        text = render()
    except CiteConfigError as exc:
        print(f"docs/conf.py: {exc}; {args.out.name} is not written", file=sys.stderr)
        return 1
    current = args.out.read_text(encoding="utf-8") if args.out.exists() else None
    if args.check:
        if current != text:
            print(
                f"{args.out} is out of date with docs/conf.py: run scripts/make_citation.py",
                file=sys.stderr,
            )
            return 1
        print(f"{args.out} is current")
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
