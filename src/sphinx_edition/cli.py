"""``sphinx-edition``: the command that builds and publishes an edition.

``sphinx-edition build`` builds every edition ``conf.py`` describes (site,
ePub and, with ``sphinx_edition.pdf``, the PDF), with every warning an
error, and publishes them together into the output folder, or leaves the
last good outputs as they were (``sphinx_edition.pipeline``). Failures of
the command itself end with one ``error:`` line, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

from sphinx_edition.outputs import OUTPUTS
from sphinx_edition.pipeline.errors import BUSY, BuildError, Busy, describe
from sphinx_edition.pipeline.run import Selection, build


def last_commit_time(folder: Path) -> str:
    """The last commit's time, so two builds of one commit carry one date
    (Sphinx honours ``SOURCE_DATE_EPOCH``); "0" outside a git checkout."""
    try:
        out = subprocess.run(
            ["git", "-C", str(folder), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        out = ""
    return out or "0"


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="sphinx-edition", description=__doc__.split("\n\n")[0])
    commands = top.add_subparsers(dest="command", required=True)
    cmd = commands.add_parser(
        "build",
        help="build every edition's outputs and publish them together",
        description="Build the site, the ePub and the PDF of every edition in conf.py's "
        "edition_languages (warnings are errors), then publish them all into the output "
        "folder, or leave the last good outputs as they were.",
    )
    cmd.add_argument(
        "--docs", type=Path, default=Path("docs"), help="source folder, holding conf.py (docs)"
    )
    cmd.add_argument("--out", type=Path, default=Path("_build"), help="output folder (_build)")
    cmd.add_argument(
        "--no-wait",
        action="store_true",
        help=f"if another build is running in the output folder, stop at once (status {BUSY})",
    )
    cmd.add_argument(
        "--only-language",
        action="append",
        default=[],
        metavar="CODE",
        help="build only this edition (a code in edition_languages; may repeat); "
        "the outputs then hold only what was built",
    )
    cmd.add_argument(
        "--outputs",
        default="",
        metavar="LIST",
        help=f"build only these outputs, comma-separated (of {','.join(OUTPUTS)})",
    )
    cmd.add_argument("sphinx_args", nargs="*", help="extra sphinx-build options, after --")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    outputs = tuple(o for o in args.outputs.split(",") if o)
    if unknown := sorted(set(outputs) - set(OUTPUTS)):
        print(
            f"error: --outputs: no output {', '.join(unknown)}; choose from {', '.join(OUTPUTS)}.",
            file=sys.stderr,
        )
        return 2
    selection = Selection(tuple(args.only_language), outputs)
    docs, out = args.docs.resolve(), args.out.resolve()
    os.environ.setdefault("SOURCE_DATE_EPOCH", last_commit_time(docs if docs.is_dir() else Path()))
    kept = f"The outputs in {out} were left as they were."
    try:
        return build(docs, out, args.sphinx_args, wait=not args.no_wait, selection=selection)
    except Busy as exc:
        print(f"error: {exc}.", file=sys.stderr)
        return BUSY
    except BuildError as exc:
        print(f"error: {exc}. {kept}", file=sys.stderr)
        return 1
    except (OSError, shutil.Error) as exc:
        print(f"error: {describe(exc, out)}. {kept}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"Interrupted. {kept}", file=sys.stderr)
        return 130


def run() -> NoReturn:
    """The ``sphinx-edition`` command (and ``python -m sphinx_edition``):
    :func:`main`, then out of the process without tearing the interpreter
    down. By then every output is written and closed; freeing each module
    and object one by one took about 0.3 s after an incremental build of a
    181-page book (a quarter of it) and gives back nothing the end of the
    process does not. An exception still ends it the usual way."""
    code = main()
    logging.shutdown()  # what a normal exit does: flush and close the handlers
    with contextlib.suppress(OSError):  # a closed pipe: nothing left to tell
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
