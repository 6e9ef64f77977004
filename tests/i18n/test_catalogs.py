"""The translation catalogs: complete, in step with the English, and keeping its links.

A translated edition is built from the English pages and the catalogs in
``docs/locales/<language>/LC_MESSAGES/`` (one ``.po`` file per page, see the
"Translations" section of docs/conf.py and EDITING.md). Three things keep it
whole:

* every message is translated, and none is fuzzy (``sphinx-intl update``
  marks a message fuzzy when the English changed under a translation, and
  Sphinx then shows the English);
* each catalog holds exactly the messages of its page as the English stands
  now: a stale catalog fails here, with the commands that bring it up to date;
* the roles of a translation point where the English ones do, and every
  ``{term}`` names its English entry in angle brackets
  (``{term}`极限施压 <maximum pressure>```): glossary anchors come from the
  English names, so links are the same in every edition, and Sphinx warns
  (failing ``-W``) when a translated message points elsewhere.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from support import DOCS

pytestmark = pytest.mark.zh

LOCALES = DOCS / "locales"
GLOSSARY = DOCS / "glossary.md"
CATALOGS = sorted(LOCALES.glob("*/LC_MESSAGES/**/*.po"))
LANGUAGES = sorted(p.name for p in LOCALES.iterdir() if p.is_dir()) if LOCALES.is_dir() else []

UPDATE_HINT = (
    'Run the commands under "Translations" in EDITING.md: build the templates with '
    "sphinx-build -b gettext, run sphinx-intl update for each language, then translate "
    "every new or fuzzy message and rerun this test."
)

# A MyST role: {name}`content`.
ROLE = re.compile(r"\{([a-z][\w:+-]*)\}`([^`]+)`")
# "shown words <target>" in a role's content.
EXPLICIT = re.compile(r"^(?P<shown>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
# A {glossary} directive in a backtick or colon fence.
GLOSSARY_OPENING = re.compile(r"^(`{3,}|:{3,})\{glossary\}")
# A directive option written as a field (":sorted:").
OPTION = re.compile(r"^:[\w-]+:")


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def messages(catalog: Catalog) -> list:
    """The catalog's messages, without its header."""
    return [m for m in catalog if m.id]


def msgid_text(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def untranslated(catalog: Catalog) -> list[str]:
    """The messages a build would show in English: empty or fuzzy."""
    found = []
    for message in messages(catalog):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            state = "fuzzy" if message.fuzzy else "untranslated"
            found.append(f"{state}: {msgid_text(message)!r}")
    return found


def catalog_drift(english: set[str], translated: set[str]) -> list[str]:
    """How a catalog's messages differ from its page's template (empty: in step)."""
    problems = [
        f"new in the English, not in the catalog: {m!r}" for m in sorted(english - translated)
    ]
    problems += [
        f"in the catalog, no longer in the English: {m!r}" for m in sorted(translated - english)
    ]
    return problems


def glossary_entries(path: Path = GLOSSARY) -> set[str]:
    """The entry names of the {glossary} blocks of a MyST page.

    Read as the directive reads them: inside the block, after its options
    (a ``---`` block or ``:option:`` lines), a line at the left margin is an
    entry name.
    """
    names: set[str] = set()
    lines = iter(path.read_text(encoding="utf-8").splitlines())
    for line in lines:
        opening = GLOSSARY_OPENING.match(line)
        if not opening:
            continue
        body = []
        for inner in lines:
            if inner.strip() == opening.group(1):
                break
            body.append(inner)
        if body and body[0].strip() == "---":
            end = next((i for i in range(1, len(body)) if body[i].strip() == "---"), 0)
            body = body[end + 1 :]
        while body and OPTION.match(body[0]):
            body = body[1:]
        names.update(b.strip() for b in body if b.strip() and not b[0].isspace())
    return names


def role_targets(text: str) -> Counter[tuple[str, str]]:
    """(role, target) of every role in a message; the target is what Sphinx resolves."""
    found: Counter[tuple[str, str]] = Counter()
    for name, content in ROLE.findall(text):
        content = " ".join(content.split())
        explicit = EXPLICIT.match(content)
        found[name, explicit.group("target") if explicit else content] += 1
    return found


def role_problems(msgid: str, msgstr: str, entries: set[str]) -> list[str]:
    """What is wrong with the roles of one translation (empty: nothing).

    * each ``{term}`` names its target in angle brackets, and the target is the
      name of a glossary entry;
    * the translation has the same roles with the same targets as the English,
      in any order (what Sphinx's i18n.inconsistent_references compares).
    """
    problems = []
    for name, content in ROLE.findall(msgstr):
        if name != "term":
            continue
        content = " ".join(content.split())
        explicit = EXPLICIT.match(content)
        if not explicit:
            problems.append(
                f"{{term}}`{content}` names no English entry: write "
                f"{{term}}`{content} <english entry>`"
            )
        elif explicit.group("target").lower() not in {e.lower() for e in entries}:
            problems.append(
                f"{{term}}`{content}`: {explicit.group('target')!r} is not an entry of the glossary"
            )
    english, translated = role_targets(msgid), role_targets(msgstr)
    if english != translated:
        missing = sorted((english - translated).elements())
        extra = sorted((translated - english).elements())
        problems.append(
            "roles differ from the English "
            f"(English only: {missing or 'none'}; translation only: {extra or 'none'}); "
            "keep each English role, with the English target in angle brackets"
        )
    return problems


# -- The checks on the committed catalogs ----------------------------------------


def test_there_are_catalogs() -> None:
    assert CATALOGS, f"no catalogs under {LOCALES}"
    assert any(p.parent.name == "essay" for p in CATALOGS), "one catalog per page (essay/*.po)"


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(LOCALES)))
def test_every_message_is_translated(path: Path) -> None:
    catalog = read_catalog(path)
    assert messages(catalog), f"{path} holds no messages"
    problems = untranslated(catalog)
    assert not problems, f"{path}:\n  " + "\n  ".join(problems) + f"\n{UPDATE_HINT}"


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(LOCALES)))
def test_roles_keep_their_english_targets(path: Path) -> None:
    entries = glossary_entries()
    assert entries, f"no glossary entries found in {GLOSSARY}"
    problems = [
        f"{msgid_text(m)[:60]!r}...: {problem}"
        for m in messages(read_catalog(path))
        if m.string
        for problem in role_problems(msgid_text(m), m.string, entries)
    ]
    assert not problems, f"{path}:\n  " + "\n  ".join(problems)


@pytest.mark.slow
def test_catalogs_are_in_step_with_the_english(tmp_path: Path) -> None:
    """Each page's template, built now, has exactly the messages of its catalog."""
    pot_dir = tmp_path / "gettext"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "gettext",
            "-q",
            "-d",
            str(tmp_path / "doctrees"),
            str(DOCS),
            str(pot_dir),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    templates = {p.relative_to(pot_dir).with_suffix(""): p for p in pot_dir.rglob("*.pot")}
    assert templates, "the gettext build wrote no templates"
    assert LANGUAGES, f"no languages under {LOCALES}"
    problems = []
    for language in LANGUAGES:
        catalog_dir = LOCALES / language / "LC_MESSAGES"
        catalogs = {
            p.relative_to(catalog_dir).with_suffix(""): p for p in catalog_dir.rglob("*.po")
        }
        for page in sorted(templates.keys() - catalogs.keys()):
            problems.append(f"{language}: no catalog for {page}.pot")
        for page in sorted(catalogs.keys() - templates.keys()):
            problems.append(f"{language}: {page}.po belongs to no page of the English")
        for page in sorted(templates.keys() & catalogs.keys()):
            english = {msgid_text(m) for m in messages(read_catalog(templates[page]))}
            translated = {msgid_text(m) for m in messages(read_catalog(catalogs[page]))}
            problems += [f"{language}/{page}.po: {p}" for p in catalog_drift(english, translated)]
    assert not problems, "stale catalogs:\n  " + "\n  ".join(problems) + f"\n{UPDATE_HINT}"


# -- The checks catch what they are for ------------------------------------------

ENTRIES = {"maximum pressure", "red lines", "engagement", "risk reduction"}


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("apply {term}`maximum pressure`.", "施加{term}`极限施压 <maximum pressure>`。"),
        ("the {term}`red lines` hold", "{term}`红线 <red lines>`依然有效"),
        # Capitalised in the English: Sphinx compares the target as written.
        ("{term}`Engagement` works", "{term}`接触 <Engagement>`有效"),
        ("a {term}`risk-reduction <risk reduction>` agenda", "{term}`降低风险 <risk reduction>`"),
        ("see the {doc}`glossary <glossary>`", "见{doc}`术语表 <glossary>`"),
        ("the {doc}`about` page", "“{doc}`关于本版 <about>`”一页"),
    ],
)
def test_good_roles_pass(msgid: str, msgstr: str) -> None:
    assert role_problems(msgid, msgstr, ENTRIES) == []


@pytest.mark.parametrize(
    ("msgid", "msgstr", "expected"),
    [
        # Translated words as the target: links, but Sphinx warns.
        ("apply {term}`maximum pressure`.", "施加{term}`极限施压`。", "names no English entry"),
        ("the {term}`red lines`", "{term}`红线 <red line>`", "not an entry of the glossary"),
        ("the {term}`red lines`", "红线", "roles differ from the English"),
        ("the {term}`red lines`", "{term}`红线 <maximum pressure>`", "roles differ"),
        ("{term}`Engagement` works", "{term}`接触 <engagement>`有效", "roles differ"),
        ("see the {doc}`glossary <glossary>`", "见术语表", "roles differ"),
    ],
)
def test_bad_roles_fail(msgid: str, msgstr: str, expected: str) -> None:
    problems = role_problems(msgid, msgstr, ENTRIES)
    assert any(expected in p for p in problems), problems


def test_untranslated_and_fuzzy_messages_are_found() -> None:
    sample = (
        'msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n\n'
        'msgid "Glossary"\nmsgstr "术语表"\n\n'
        'msgid "Licence"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Cite this edition"\nmsgstr "关于本版"\n'
    )
    catalog = read_po(io.BytesIO(sample.encode()))
    assert untranslated(catalog) == ["untranslated: 'Licence'", "fuzzy: 'Cite this edition'"]


def test_drift_is_reported_both_ways() -> None:
    problems = catalog_drift({"Glossary", "A new paragraph."}, {"Glossary", "An old one."})
    assert problems == [
        "new in the English, not in the catalog: 'A new paragraph.'",
        "in the catalog, no longer in the English: 'An old one.'",
    ]
    assert catalog_drift({"Glossary"}, {"Glossary"}) == []


def test_glossary_entries_are_read_from_the_block(tmp_path: Path) -> None:
    page = tmp_path / "glossary.md"
    page.write_text(
        "# Glossary\n\nmaximum pressure is not an entry here.\n\n"
        "```{glossary}\n---\nsorted:\n---\nred lines\n  Thresholds.\n\n"
        "  In the essay, ...\n\nrisk reduction\n  Measures.\n```\n",
        encoding="utf-8",
    )
    assert glossary_entries(page) == {"red lines", "risk reduction"}
    assert {"maximum pressure", "red lines", "risk reduction"} <= glossary_entries()
