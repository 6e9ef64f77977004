"""Mixing our translator behaviour into whichever translator a builder uses.

Themes and other extensions register translators of their own
(``app.set_translator``); replacing theirs would drop their markup. At
``builder-inited``, once every extension has registered what it will, the
builder's translator class is extended with our mixin, through public API.
"""

from __future__ import annotations

from collections.abc import Callable

from sphinx.application import Sphinx


def mix_in(mixin: type, wanted: Callable[[Sphinx], bool]) -> Callable[[Sphinx], None]:
    """A ``builder-inited`` listener adding ``mixin`` to the builder's translator."""

    def listener(app: Sphinx) -> None:
        if not wanted(app):
            return
        base = app.builder.get_translator_class()
        if issubclass(base, mixin):
            return
        mixed = type(f"{mixin.__name__}{base.__name__}", (mixin, base), {})
        app.set_translator(app.builder.name, mixed, override=True)

    return listener
