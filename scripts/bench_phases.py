"""Where one build spends its time, phase by phase (wall clock).

Run as ``python bench_phases.py -m sphinx_edition build [args...]`` (or
``SCRIPT [args...]``, or ``-m sphinx [args...]`` for a bare sphinx-build):
it wraps a few Sphinx methods with timers (far cheaper than a profiler, so
the shares stay true), runs the build in this process, and prints the phases
as JSON.
scripts/bench.py uses it to explain the build-cost rows. A builder that
``sphinx-edition build`` forks (the ePub, the PDF) runs in a child this
does not time: the book's column shows the site's builder's phases.
"""

from __future__ import annotations

import contextlib
import io
import json
import runpy
import sys
import time
from typing import Any

START = time.perf_counter()
marks: list[tuple[str, float]] = []


def mark(name: str) -> None:
    marks.append((name, time.perf_counter()))


def instrument() -> None:
    import sphinx.application
    import sphinx.builders

    mark("start-up and import Sphinx")
    app_cls, builder_cls = sphinx.application.Sphinx, sphinx.builders.Builder
    init, write = app_cls.__init__, builder_cls.write

    def timed_init(self: Any, *args: Any, **kwargs: Any) -> None:
        builder = args[4] if len(args) > 4 else kwargs.get("buildername", "?")
        mark(f"{builder}: before set-up")
        init(self, *args, **kwargs)
        name = self.builder.name
        mark(f"{name}: set-up (config, extensions, theme, saved environment)")

        def read(app: Any, env: Any) -> None:
            mark(f"{app.builder.name}: read sources")

        self.connect("env-updated", read)

    def timed_write(self: Any, *args: Any, **kwargs: Any) -> None:
        mark(f"{self.name}: between reading and writing")
        write(self, *args, **kwargs)
        mark(f"{self.name}: write pages")

    def finished(self: Any, *args: Any, **kwargs: Any) -> Any:
        result = build(self, *args, **kwargs)
        mark(f"{self.builder.name}: finish (static files, indexes, post-processing)")
        return result

    build = app_cls.build
    app_cls.__init__ = timed_init
    builder_cls.write = timed_write
    app_cls.build = finished


def main() -> int:
    instrument()
    script, *args = sys.argv[1:]
    module = args.pop(0) if script == "-m" else None
    sys.argv = [module or script, *args]
    code = 0
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            if module == "sphinx_edition":
                # Its entry point (cli.run) leaves the process with os._exit,
                # before this could report; cli.main returns the exit code.
                from sphinx_edition.cli import main as command

                code = command(args)
            elif module:
                runpy.run_module(module, run_name="__main__", alter_sys=True)
            else:
                runpy.run_path(script, run_name="__main__")
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    mark("after the builds (publishing)")
    phases, previous = [], START
    for name, at in marks:
        phases.append({"phase": name, "s": round(at - previous, 4)})
        previous = at
    print(json.dumps({"returncode": code, "total_s": previous - START, "phases": phases}))
    return code


if __name__ == "__main__":
    sys.exit(main())
