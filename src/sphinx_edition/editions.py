"""The editions of a book: one per language, each with its outputs and its place.

``edition_languages`` in ``conf.py`` names them (see
``sphinx_edition.languages`` for the settings a translation derives). This
module is the one model of an edition, read from Sphinx's ``Config``: the
languages extension uses it while Sphinx builds, the pipeline
(``sphinx_edition.pipeline``) to decide what to build and where to publish.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.config import Config
from sphinx.errors import ConfigError

from sphinx_edition.outputs import OUTPUTS

KEYS = frozenset({"path", "name", "outputs", "overrides"})
# name -> (default, rebuild, types): registered by sphinx_edition.languages,
# and by the pipeline when it reads conf.py without an application.
CONFIG_VALUES: dict[str, tuple[Any, str, frozenset[type]]] = {
    # Sphinx's language code -> {"path", "name", "outputs", "overrides"}.
    "edition_languages": ({}, "env", frozenset({dict})),
    # The source edition's address; by default html_baseurl as conf.py sets it.
    "edition_root_url": ("", "html", frozenset({str})),
}


@dataclass(frozen=True)
class Edition:
    """One language of the book."""

    code: str  # Sphinx's language code: "zh_CN"
    path: str  # where its outputs go in each output folder: "" or "zh-cn/"
    name: str  # as the language switch shows it, in its own language
    outputs: tuple[str, ...]  # what is made of it, from OUTPUTS

    @property
    def tag(self) -> str:
        """The BCP 47 tag HTML, ePub and hreflang take: ``zh-CN``."""
        return self.code.replace("_", "-")

    @property
    def is_source(self) -> bool:
        return not self.path

    def basename(self, base: str) -> str:
        """A book's file name (without suffix) in this edition: a translation's
        carries its tag, so the books of two editions never share a name."""
        return base if self.is_source else f"{base}-{self.tag}"

    def sphinx_overrides(self) -> dict[str, str]:
        """The ``-D`` settings that make Sphinx build this edition (the source
        edition is built exactly as conf.py says)."""
        return {} if self.is_source else {"language": self.code}

    def workdir(self, work: Path) -> Path:
        """Its working folder under the pipeline's ``work`` folder."""
        return work if self.is_source else work / self.code

    def label(self, builder: str) -> str:
        """How messages name one of its builders."""
        return builder if self.is_source else f"{builder} ({self.code})"


def default_outputs(config: Config) -> tuple[str, ...]:
    """What is made of an edition whose entry does not say: the PDF only when
    its builder (sphinx_edition.pdf) is among the extensions."""
    if "sphinx_edition.pdf" in config.extensions:
        return OUTPUTS
    return tuple(o for o in OUTPUTS if o != "pdf")


def editions(config: Config) -> list[Edition]:
    """The editions in ``edition_languages``, checked; [] when it is not set."""
    found = []
    for code, entry in config.edition_languages.items():
        where = f"edition_languages[{code!r}] in conf.py"
        if not isinstance(entry, dict) or not set(entry) <= KEYS:
            raise ConfigError(f"{where} must be a dict with keys from {sorted(KEYS)}")
        path = entry.get("path", "")
        if not isinstance(path, str) or path.startswith("/") or (path and path[-1] != "/"):
            raise ConfigError(f"{where}: 'path' must be '' or a relative folder ending in '/'")
        outputs = entry.get("outputs", default_outputs(config))
        if isinstance(outputs, str) or not set(outputs) <= set(OUTPUTS):
            raise ConfigError(f"{where}: 'outputs' must list some of {', '.join(OUTPUTS)}")
        # In OUTPUTS order: the site's builder writes the doctrees the books read.
        ordered = tuple(o for o in OUTPUTS if o in outputs)
        found.append(Edition(code, path, str(entry.get("name") or code), ordered))
    if found and [e.path for e in found].count("") != 1:
        raise ConfigError(
            "edition_languages in conf.py: exactly one edition, the source, must have path ''"
        )
    return found


def book_editions(config: Config) -> list[Edition]:
    """Every edition to build, the source first: those of ``edition_languages``,
    or, without it, the one edition conf.py describes."""
    found = editions(config) or [
        Edition(str(config.language or "en"), "", "", default_outputs(config))
    ]
    return sorted(found, key=lambda edition: not edition.is_source)
