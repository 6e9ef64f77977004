"""An extension whose node passes True as an attribute value, as
sphinx-inline-tabs does for its tabs' radio buttons (checked="True")."""

from docutils import nodes
from sphinx.util.docutils import SphinxDirective


class toggle(nodes.Element, nodes.General):
    pass


def visit_toggle(translator, node):
    translator.body.append(translator.emptytag(node, "input", type="checkbox", checked=True))


def depart_toggle(translator, node):
    pass


class Toggle(SphinxDirective):
    def run(self):
        return [toggle()]


def setup(app):
    app.add_node(toggle, html=(visit_toggle, depart_toggle))
    app.add_directive("toggle", Toggle)
    return {"parallel_read_safe": True}
