"""A stand-in for another project's extension, which the test-epub-valid root
loads by name (pytest's pythonpath holds this folder). It has two nodes: one
passes True as an attribute value, as sphinx-inline-tabs does for its tabs'
radio buttons (checked="True"); the other is written as a string of HTML, as
sphinx-design writes its tabs' (<input ...> left open)."""

from docutils import nodes
from sphinx.util.docutils import SphinxDirective


class toggle(nodes.Element, nodes.General):
    pass


def visit_toggle(translator, node):
    translator.body.append(translator.emptytag(node, "input", type="checkbox", checked=True))


def depart_toggle(translator, node):
    pass


class radio(nodes.Element, nodes.General):
    pass


def visit_radio(translator, node):
    translator.body.append('<div class="tabs"><input type="radio" name="tab" checked>')


def depart_radio(translator, node):
    translator.body.append("</div>")


class Toggle(SphinxDirective):
    def run(self):
        return [toggle()]


class Radio(SphinxDirective):
    def run(self):
        return [radio()]


def setup(app):
    app.add_node(toggle, html=(visit_toggle, depart_toggle))
    app.add_directive("toggle", Toggle)
    app.add_node(radio, html=(visit_radio, depart_radio))
    app.add_directive("radio", Radio)
    return {"parallel_read_safe": True}
