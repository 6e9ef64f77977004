"""``sphinx_edition.cache``: work that depends only on its inputs, done once per machine.

Two things cost the same on every build although their inputs rarely
change: compiling the theme's Jinja templates (about fifty files) and
purging the site's stylesheet (``sphinx_edition.site.assets``). Both are
kept in a per-user cache folder outside any build folder, so a clean build
(``rm -rf _build``) pays them only when an input changed:

* templates through Jinja's own ``FileSystemBytecodeCache``, which checks
  each template's source before it uses the compiled form;
* purged stylesheets under a key that hashes every input (the stylesheets,
  the scripts, our package, the configuration, the kinds of element the
  pages hold), one file per key, the oldest dropped beyond
  :data:`KEEP_ENTRIES`;
* what a written page holds that the build reads back (the kinds of
  element the purge tells apart, the files it loads), by a hash of the
  page's bytes, so a clean build of pages an earlier build wrote reads
  none of them again (:data:`KEEP_PAGE_ENTRIES` of them).

The folder is ``$SPHINX_EDITION_CACHE_DIR`` if set, else
``$XDG_CACHE_HOME/sphinx-edition`` or ``~/.cache/sphinx-edition``.
Deleting it is always safe. ``edition_shared_cache = False`` in conf.py
turns it off: each build folder then keeps its own.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache
from sphinx.application import Sphinx
from sphinx.config import Config

from sphinx_edition import __version__

ENV_VAR = "SPHINX_EDITION_CACHE_DIR"
# Purged stylesheets kept per machine: one per combination of inputs seen
# lately (a site, its translations, a few versions of the theme).
KEEP_ENTRIES = 32
# Facts about single pages: a few per page of each book built lately.
KEEP_PAGE_ENTRIES = 4096


def cache_root(config: Config) -> Path | None:
    """The shared cache folder, or None when conf.py turned it off."""
    if not config.edition_shared_cache:
        return None
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sphinx-edition"


def folder(config: Config, kind: str) -> Path | None:
    """The cache's folder for one kind of entry, made if missing; None if
    there is no usable cache (turned off, or the folder cannot be made)."""
    root = cache_root(config)
    if root is None:
        return None
    try:
        (root / kind).mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only home, say: build without the cache
    return root / kind


def read(config: Config, kind: str, key: str) -> str | None:
    """The text stored under ``key``, or None."""
    where = folder(config, kind)
    if where is None:
        return None
    try:
        text = (where / key).read_text(encoding="utf-8")
        os.utime(where / key)  # recently used: the last to be dropped
    except (OSError, UnicodeDecodeError):
        return None
    return text


def read_json(config: Config, kind: str, key: str) -> Any:
    """The value stored under ``key`` as JSON, or None (missing or damaged)."""
    with contextlib.suppress(ValueError):
        return json.loads(read(config, kind, key) or "null")
    return None


def write_json(
    config: Config, kind: str, key: str, value: Any, keep: int | None = KEEP_ENTRIES
) -> None:
    write(config, kind, key, json.dumps(value), keep)


def string_list(value: Any) -> list[str] | None:
    """``value`` if it is a list of strings (as a per-page entry must be), else None."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return None


def write(config: Config, kind: str, key: str, text: str, keep: int | None = KEEP_ENTRIES) -> None:
    """Store ``text`` under ``key`` (whole or not at all: two builds may write
    at once), then drop the oldest entries beyond ``keep`` (None: leave that
    to a later :func:`prune`, for a build that writes many)."""
    where = folder(config, kind)
    if where is None:
        return
    with contextlib.suppress(OSError):
        write_whole(where / key, text.encode("utf-8"))
    if keep is not None:
        prune(config, kind, keep)


def write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (another process may read
    or write it at the same moment): a temporary file beside it, renamed."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def prune(config: Config, kind: str, keep: int) -> None:
    """Drop the least recently used entries of ``kind`` beyond ``keep``."""
    where = folder(config, kind)
    if where is None:
        return
    with contextlib.suppress(OSError):
        entries = []
        for entry in os.scandir(where):
            if not entry.name.startswith("."):
                with contextlib.suppress(OSError):
                    entries.append((entry.stat().st_mtime_ns, entry.path))
        for _, old in sorted(entries)[:-keep] if len(entries) > keep else []:
            with contextlib.suppress(OSError):
                os.unlink(old)


def compile_templates_once(app: Sphinx) -> None:
    """Give the builder's Jinja environment a bytecode cache in the shared folder.

    ``builder.templates`` is the template bridge Sphinx made for the builder;
    a project with its own bridge, or a builder without templates, is left
    alone.
    """
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if not isinstance(environment, Environment) or environment.bytecode_cache is not None:
        return
    where = folder(app.config, "jinja")
    if where is not None:
        environment.bytecode_cache = FileSystemBytecodeCache(str(where))


# name -> (default, rebuild, types): registered by setup() and by whatever
# reads conf.py without an application (sphinx_edition.pipeline.config).
CONFIG_VALUES: dict[str, tuple[Any, str, frozenset[type]]] = {
    # False: no cache shared between builds (every build works from scratch).
    "edition_shared_cache": (True, "", frozenset({bool})),
}


def setup(app: Sphinx) -> dict[str, Any]:
    for name, (default, rebuild, types) in CONFIG_VALUES.items():
        app.add_config_value(name, default, rebuild, types=types)
    app.connect("builder-inited", compile_templates_once)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
