"""Every glossary entry has two parts: the term's general sense, then the essay's use.

Each definition in the ``{glossary}`` block of docs/glossary.md is two
paragraphs. The first says what the term means in general and does not speak
of the essay or its author; the second begins "In the essay" or "The essay"
and says what the source says about the term. Whether each of those claims
is in the source is for an editor to check against it (EDITING.md,
"Glossary terms"); this test keeps the shape that puts every such claim in one place.

The block is read the way Sphinx's glossary directive reads it: a line at the
left margin is a term, the indented lines under it are its definition, and a
blank line inside a definition separates paragraphs. No Sphinx build is needed.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytestmark = pytest.mark.essay

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary.md"

# A {glossary} directive in a backtick or colon fence; group 1 is the fence.
OPENING = re.compile(r"^(`{3,}|:{3,})\{glossary\}")
# Words that make a paragraph a statement about the essay or its author.
ABOUT_THE_ESSAY = re.compile(r"\b(?:essays?|zhao|authors?)\b", re.IGNORECASE)
ESSAY_LEAD = ("In the essay", "The essay")


@dataclass
class Entry:
    terms: list[str]
    line: int  # of the first term, counting from 1 in the file
    body: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        text = "\n".join(self.body).strip()
        return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def glossary_blocks(text: str) -> list[tuple[int, list[str]]]:
    """The body of each {glossary} block, options removed, with its first line number."""
    lines = text.splitlines()
    blocks = []
    i = 0
    while i < len(lines):
        opening = OPENING.match(lines[i])
        if not opening:
            i += 1
            continue
        fence = opening.group(1)
        end = next(
            (j for j in range(i + 1, len(lines)) if lines[j].strip().startswith(fence)),
            len(lines),
        )
        start = i + 1
        # Options: a YAML block between two --- lines, or :key: value lines.
        if start < end and lines[start].strip() == "---":
            start = next(j for j in range(start + 1, end) if lines[j].strip() == "---") + 1
        else:
            while start < end and lines[start].startswith(":"):
                start += 1
        blocks.append((start + 1, lines[start:end]))
        i = end + 1
    return blocks


def parse_entries(first_line: int, lines: list[str]) -> list[Entry]:
    entries: list[Entry] = []
    for number, line in enumerate(lines, first_line):
        if not line.strip():
            if entries and entries[-1].body:
                entries[-1].body.append("")
        elif not line[0].isspace():
            if entries and not entries[-1].body:  # a second term for the same entry
                entries[-1].terms.append(line.strip())
            else:
                entries.append(Entry([line.strip()], number))
        elif entries:
            entries[-1].body.append(line.strip())
    return entries


def entry_problems(entry: Entry, where: str = "docs/glossary.md") -> list[str]:
    """What is wrong with one entry's shape, one message per fault."""
    name = f"{where}:{entry.line}: {entry.terms[0]!r}"
    paragraphs = entry.paragraphs
    problems = []
    if len(paragraphs) != 2:
        problems.append(
            f"{name} has {len(paragraphs)} paragraph(s); write two, separated by a blank "
            "line: the general sense, then the essay's use"
        )
    if paragraphs and (found := ABOUT_THE_ESSAY.search(paragraphs[0])):
        problems.append(
            f"{name}: the first paragraph mentions {found.group()!r}; keep the general "
            "sense apart and say what the essay does in the second paragraph"
        )
    if len(paragraphs) >= 2 and not paragraphs[1].startswith(ESSAY_LEAD):
        problems.append(
            f"{name}: the second paragraph must begin with {' or '.join(map(repr, ESSAY_LEAD))}"
        )
    return problems


def glossary_problems(text: str, where: str = "docs/glossary.md") -> list[str]:
    """Every shape problem in the {glossary} blocks of one MyST file."""
    blocks = glossary_blocks(text)
    if not blocks:
        return [f"{where}: no {{glossary}} block found"]
    problems = []
    for first_line, lines in blocks:
        entries = parse_entries(first_line, lines)
        if not entries:
            problems.append(f"{where}:{first_line}: the {{glossary}} block has no entries")
        for entry in entries:
            problems.extend(entry_problems(entry, where))
    return problems


def sample(entries: str) -> str:
    """A small glossary page holding ``entries`` (written at the left margin)."""
    return (
        "# Glossary\n\n```{glossary}\n---\nsorted:\n---\n"
        + textwrap.dedent(entries).strip("\n")
        + "\n```\n"
    )


GOOD = """
    red lines
      Thresholds a state has said it will defend by force.

      In the essay they are thresholds for the use of military force.
    """


def test_every_entry_has_the_general_sense_then_the_essays_use() -> None:
    problems = glossary_problems(GLOSSARY.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


def test_the_parser_reads_every_entry() -> None:
    # A checker that found no entries would pass any file; make sure it sees them.
    text = GLOSSARY.read_text(encoding="utf-8")
    blocks = glossary_blocks(text)
    assert len(blocks) == 1
    terms = {term for entry in parse_entries(*blocks[0]) for term in entry.terms}
    assert {"maximum pressure", "risk reduction", "red lines"} <= terms
    body = "\n".join(blocks[0][1])
    assert len(terms) == len(re.findall(r"^\S", body, re.MULTILINE))


def test_a_well_formed_sample_passes() -> None:
    assert glossary_problems(sample(GOOD)) == []


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        pytest.param(
            """
            risk reduction
              Steps that make war less likely. The essay urges an agenda of them,
              beginning with crisis containment.
            """,
            "1 paragraph(s)",
            id="one-paragraph-mixing-both-parts",
        ),
        pytest.param(
            """
            crisis containment
              Keeping a crisis from escalating; Zhao makes it the first task.

              The essay asks the two countries to agree that it is urgent.
            """,
            "first paragraph mentions 'Zhao'",
            id="author-in-the-general-sense",
        ),
        pytest.param(
            """
            misjudgment
              Getting a situation wrong.

              It is how red lines may be crossed without anyone intending war.
            """,
            "second paragraph must begin",
            id="essay-paragraph-without-its-lead",
        ),
        pytest.param(
            """
            brinkmanship
              Pushing a situation to the edge of conflict.

              In the essay it could end in a hot war.

              It is also the method of a competition in risk-taking.
            """,
            "3 paragraph(s)",
            id="third-paragraph",
        ),
        pytest.param(
            GOOD + "\n    engagement\n",
            "'engagement' has 0 paragraph(s)",
            id="term-without-definition",
        ),
        pytest.param("", "has no entries", id="empty-block"),
    ],
)
def test_a_bad_entry_is_rejected(entries: str, expected: str) -> None:
    problems = glossary_problems(sample(entries))
    assert any(expected in problem for problem in problems), problems


def test_a_page_without_a_glossary_is_rejected() -> None:
    assert glossary_problems("# Glossary\n\nNo block here.\n") != []
