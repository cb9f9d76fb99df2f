"""Codebook files: the default, extending it, and errors that name the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqc_themes.errors import CodebookError
from cqc_themes.models.codebook import (
    add_theme_to_codebook_file,
    default_codebook,
    load_codebook,
)
from cqc_themes.records import CodebookTheme

THEMES_THE_ISSUE_NAMES = (
    "unpaid_carers",
    "equality_data",
    "prevention_reablement",
    "workforce_recruitment",
    "transitions",
    "waiting_lists",
    "direct_payments",
    "safeguarding_enquiries",
    "hospital_discharge",
    "home_care_market",
    "advocacy",
    "coproduction_engagement",
    "information_advice",
    "mental_health_amhp",
    "dols",
    "housing",
    "digital_technology",
    "commissioning_market_shaping",
    "health_partnerships",
    "feedback_complaints",
    "financial_sustainability",
)

OWN_THEME = """
[[theme]]
id = "autism_support"
name = "Support for autistic people"
definition = "Diagnosis, support and services for autistic adults."
seeds = ["autistic adults waited a long time for a diagnosis"]
keywords = ['\\bautis']
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "codebook.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_default_codebook_covers_the_recurring_themes_with_names_and_definitions() -> None:
    codebook = default_codebook()
    assert [t.theme_id for t in codebook.themes] == list(THEMES_THE_ISSUE_NAMES)
    for theme in codebook.themes:
        assert theme.name and theme.definition and theme.seeds and theme.keywords
    assert codebook.theme("unpaid_carers").name == "Support for unpaid carers"


def test_a_file_of_its_own_replaces_the_default(tmp_path: Path) -> None:
    codebook = load_codebook(write(tmp_path, 'name = "autism study"\n' + OWN_THEME))
    assert codebook.name == "autism study"
    assert [t.theme_id for t in codebook.themes] == ["autism_support"]
    assert codebook.fingerprint != default_codebook().fingerprint


def test_extends_adds_replaces_and_drops_default_themes(tmp_path: Path) -> None:
    text = (
        'extends = "default"\ndrop = ["housing"]\n'
        + OWN_THEME
        + '\n[[theme]]\nid = "advocacy"\nname = "Independent advocacy"\n'
        'definition = "Advocates for people who need them."\nkeywords = ["advocat"]\n'
    )
    codebook = load_codebook(write(tmp_path, text))
    ids = [t.theme_id for t in codebook.themes]
    assert "housing" not in ids
    assert ids[-1] == "autism_support"
    assert codebook.theme("advocacy").name == "Independent advocacy"
    assert ids.index("advocacy") == [t.theme_id for t in default_codebook().themes].index(
        "advocacy"
    )


def test_renaming_a_theme_keeps_the_fingerprint_so_codes_stand(tmp_path: Path) -> None:
    before = load_codebook(write(tmp_path, OWN_THEME))
    after = load_codebook(write(tmp_path, OWN_THEME.replace("Support for", "Help for")))
    assert before.fingerprint == after.fingerprint
    changed = load_codebook(write(tmp_path, OWN_THEME.replace("autis']", "autism']")))
    assert changed.fingerprint != before.fingerprint


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('name = "x"\n\n[[theme]]\nid = "a"\nname = \n', 5, "not valid TOML"),
        (
            OWN_THEME + '\n[[theme]]\nid = "second"\nname = "Second"\nseeds = ["s"]\n',
            9,
            "needs definition",
        ),
        (OWN_THEME.replace("['\\bautis']", "['(unclosed']"), 2, "not a valid regular"),
        (OWN_THEME + OWN_THEME, 9, "appears twice"),
        ('colour = "blue"\n' + OWN_THEME, 1, "unknown key 'colour'"),
        (OWN_THEME.replace('id = "autism_support"', 'id = "Autism support"'), 2, "id must"),
        ('extends = "mine"\n' + OWN_THEME, 1, 'only "default"'),
    ],
)
def test_a_malformed_codebook_names_the_file_and_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    message = str(caught.value)
    assert message.startswith(f"{path}, line {line}: "), message
    assert words in message
    assert "\n" not in message


def test_a_missing_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="no such codebook file"):
        load_codebook(tmp_path / "absent.toml")


def test_adding_a_theme_creates_a_file_extending_the_default(tmp_path: Path) -> None:
    path = tmp_path / "ours.toml"
    theme = CodebookTheme(
        theme_id="loneliness",
        name="Loneliness and isolation",
        definition='People cut off from others, and "befriending" schemes.',
        seeds=("older people living alone had few visitors",),
        keywords=(r"\blonel",),
    )
    codebook = add_theme_to_codebook_file(path, theme)
    assert codebook.themes[-1] == theme
    assert len(codebook.themes) == len(default_codebook().themes) + 1
    assert load_codebook(path).themes[-1] == theme


def test_adding_keeps_comments_and_refuses_a_taken_id(tmp_path: Path) -> None:
    path = write(tmp_path, "# our study's themes\n" + OWN_THEME)
    with pytest.raises(CodebookError, match="already has a theme with id 'autism_support'"):
        add_theme_to_codebook_file(path, load_codebook(path).themes[0])
    second = CodebookTheme(
        "befriending",
        "Befriending",
        "Volunteers visiting people.",
        ("a volunteer visits each week",),
    )
    add_theme_to_codebook_file(path, second)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# our study's themes\n")
    assert [t.theme_id for t in load_codebook(path).themes] == ["autism_support", "befriending"]
