"""How our extensions talk to the person building: in the source's own syntax,
at a file and line, never with a traceback.

Sphinx turns an exception raised in an event handler into a traceback and a
crash report. A handler wrapped in :func:`reported` turns it into a warning
at the document being handled instead (which fails a ``-W`` build) and lets
the build go on to report everything else that is wrong.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)

Handler = TypeVar("Handler", bound=Callable[..., Any])


def role(env: BuildEnvironment, docname: str, name: str, target: str) -> str:
    """A role as the editor would type it in ``docname``: MyST or reST."""
    suffix = env.doc2path(docname).suffix if docname in env.all_docs else ""
    if suffix == ".md":
        return f"{{{name}}}`{target}`"
    return f":{name}:`{target}`"


def conf_location(app: Sphinx, name: str) -> str | None:
    """``conf.py:<line>`` of the line that sets ``name``, for a warning about it
    (the file's first line when no line does, e.g. a value from ``-D``)."""
    path = Path(app.confdir) / "conf.py"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    sets = re.compile(rf"{re.escape(name)}\s*(:[^=]*)?=")
    line = next((n for n, text in enumerate(lines, 1) if sets.match(text)), 1)
    return f"{path}:{line}"


def _location(env: BuildEnvironment | None, args: tuple[Any, ...]) -> Any:
    """Where a handler was working: its doctree's source, a docname, or the doc read."""
    for arg in args:
        if isinstance(arg, nodes.document) and arg.get("source"):
            return (arg["source"], None)
    if env is not None:
        for arg in args:
            if isinstance(arg, str) and arg in env.all_docs:
                return (arg, None)
        docname = getattr(env, "docname", "")
        if docname:
            return (docname, None)
    return None


def reported(handler: Handler) -> Handler:
    """Report an exception in ``handler`` as a warning at its document."""

    @functools.wraps(handler)
    def wrapper(app: Sphinx, *args: Any) -> Any:
        try:
            return handler(app, *args)
        except Exception as exc:
            env = getattr(app, "env", None)
            logger.warning(
                "%s could not process this (%s: %s). The build continues so that other "
                "problems are reported too; check the input near this place, and if it "
                "looks right, report this message to the extension's maintainers",
                handler.__module__,
                type(exc).__name__,
                exc,
                location=_location(env, args),
                type="sphinx_edition",
                subtype="internal",
            )
            return None

    return wrapper  # type: ignore[return-value]
