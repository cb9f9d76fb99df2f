"""`cqc-themes search --keyword`: a table for people, JSON and CSV for scripts, clear errors.

Keyword mode only: the default (hybrid) mode loads the embedding model, which these
fast tests must not do; tests/models covers searching by meaning.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from run_cli import run_cli, run_cli_process

from cqc_themes import Corpus
from cqc_themes.records import Label


def test_table_shows_rank_council_statement_page_and_the_match(sample_corpus_path: Path) -> None:
    result = run_cli("search", "--keyword", "telecare", "--council", "oakhurst",
                     db=sample_corpus_path)
    assert result.exit_code == 0, result.stderr
    for column in ("#", "council", "statement", "page", "finding"):
        assert column in result.stdout
    assert "Oakhurst Metropolitan Borough Council" in result.stdout
    assert "Telecare" in result.stdout


def test_no_match_says_so(sample_corpus_path: Path) -> None:
    result = run_cli("search", "--keyword", "zeppelin", db=sample_corpus_path)
    assert result.exit_code == 0
    assert "No findings match." in result.stdout


def test_json_is_a_list_of_objects_with_council_statement_page_and_snippet(
    sample_corpus_path: Path,
) -> None:
    result = run_cli("search", "--keyword", '"unpaid carers"', "--format", "json",
                     "--limit", "5", db=sample_corpus_path)
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list) and len(rows) == 5
    for row in rows:
        assert {"council", "quality_statement", "page", "snippet"} <= row.keys()
        assert isinstance(row["page"], int)
        assert "**unpaid carers**" in row["snippet"].lower()


def test_csv_has_a_header_and_one_row_per_hit(sample_corpus_path: Path) -> None:
    result = run_cli("search", "--keyword", "safeguarding", "--format", "csv",
                     "--limit", "7", "--statement", "safeguarding", db=sample_corpus_path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("\ufeff"), "Excel needs the byte-order mark"
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert len(rows) == 7
    assert {"council", "quality_statement", "page", "snippet"} <= rows[0].keys()
    assert {row["quality_statement"] for row in rows} == {"Safeguarding"}


@pytest.mark.parametrize(
    ("option", "value", "field", "expected"),
    [
        ("--council", "eastmere", "council", {"London Borough of Eastmere"}),
        ("--theme", "leadership", "theme", {"Leadership"}),
        ("--rating", "outstanding", "council",
         {"Kestrel Vale County Council", "Thornbury Heath Council"}),
        ("--subheading", "what people expect", "subheading", {"What people expect"}),
    ],
)
def test_filter_options_narrow_the_hits(
    sample_corpus_path: Path, option: str, value: str, field: str, expected: set[str]
) -> None:
    result = run_cli("search", "--keyword", "people", option, value, "--format", "json",
                     "--limit", "500", db=sample_corpus_path)
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and {row[field] for row in rows} <= expected


def test_a_misused_operator_is_one_error_line(sample_corpus_path: Path) -> None:
    result = run_cli("search", "--keyword", "carers OR", db=sample_corpus_path)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: cannot search for 'carers OR'") and "lower case" in line


@pytest.mark.parametrize(
    "query",
    ["person-centred", "co-production", "carers' respite", "24/7", "OT's", "[/b]", "[bold]x",
     "'; DROP TABLE findings; --"],
)
def test_everyday_queries_answer_without_a_traceback(sample_corpus_path: Path, query: str) -> None:
    with Corpus(sample_corpus_path) as corpus:
        before = corpus.count_findings()
    result = run_cli_process("search", "--keyword", query, db=sample_corpus_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "No findings match." in result.stdout or "council" in result.stdout
    with Corpus(sample_corpus_path) as corpus:
        assert corpus.count_findings() == before


def test_person_centred_finds_every_finding_that_says_it(sample_corpus_path: Path) -> None:
    with Corpus(sample_corpus_path) as corpus:
        saying_it = {f.finding_id for f in corpus.findings() if "person-centred" in f.text.lower()}
    assert saying_it, "the samples should mention person-centred care"
    result = run_cli("search", "--keyword", "person-centred", "--format", "json", "--limit",
                     "500", db=sample_corpus_path)
    assert result.exit_code == 0, result.stderr
    assert {row["finding_id"] for row in json.loads(result.stdout)} == saying_it


def test_markup_in_an_error_message_is_printed_as_text(sample_corpus_path: Path) -> None:
    result = run_cli_process("search", "--keyword", "[/b] [red]carers OR", db=sample_corpus_path)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: cannot search for '[/b] [red]carers OR'")


def test_the_table_shows_a_label_as_a_word_not_a_tag(sample_corpus_path: Path) -> None:
    with Corpus(sample_corpus_path) as corpus:
        [hit] = corpus.search("telecare", limit=1)
        corpus.store_labels([Label(hit.finding.finding_id, "strength", 0.9,
                                   {"strength": 0.9, "improvement": 0.05, "context": 0.05}, "t")])
    result = run_cli("search", "--keyword", "telecare", "--limit", "1", db=sample_corpus_path)
    assert result.exit_code == 0, result.stderr
    assert "strength" in result.stdout
    assert "[dim]" not in result.stdout and "[/" not in result.stdout


def test_json_hits_carry_the_contract_keys_and_named_scores(sample_corpus_path: Path) -> None:
    result = run_cli("search", "--keyword", "carers", "--format", "json", "--limit", "3",
                     db=sample_corpus_path)
    rows = json.loads(result.stdout)
    assert [row["rank"] for row in rows] == [1, 2, 3]
    assert [row["keyword_rank"] for row in rows] == [1, 2, 3]
    for row in rows:
        assert "score" not in row
        assert isinstance(row["finding_id"], int) and isinstance(row["report_id"], int)
        assert row["keyword_score"] > 0
        assert row["similarity"] is None and row["hybrid_score"] is None  # keyword mode
        assert len(row["published"]) in (7, 10) and row["published"][4] == "-"


@pytest.mark.parametrize(
    ("option", "value", "choices"),
    [
        ("--rating", "goood", ["outstanding", "requires improvement", "inadequate"]),
        ("--statement", "safegaurding", ["safeguarding", "assessing needs"]),
        ("--theme", "leadershp", ["working with people", "leadership"]),
        ("--label", "great", ["strength", "improvement", "context"]),
    ],
)
def test_a_value_that_names_nothing_exits_2_with_the_choices(
    sample_corpus_path: Path, option: str, value: str, choices: list[str]
) -> None:
    result = run_cli_process("search", "carers", "--keyword", option, value,
                             db=sample_corpus_path)
    assert result.returncode == 2
    message = " ".join(result.stderr.split())  # the usage box wraps lines
    assert value in message and option in message
    assert all(choice in message for choice in choices)
    assert result.stdout == ""


def test_part_of_a_name_in_any_case_and_punctuation_still_filters(
    sample_corpus_path: Path,
) -> None:
    result = run_cli("search", "--keyword", "people", "--rating", "Requires-Improvement",
                     "--statement", "SAFEGUARDING", "--format", "json", db=sample_corpus_path)
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows
    assert {row["rating"] for row in rows} == {"Requires improvement"}
    assert {row["quality_statement"] for row in rows} == {"Safeguarding"}


def test_keyword_search_loads_no_model_code(sample_corpus_path: Path) -> None:
    probe = (
        "import sys\n"
        "from cqc_themes.cli.app import main\n"
        "sys.argv = ['cqc-themes', '--db', sys.argv[1], 'search', '--keyword', 'carers']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in sys.modules if m.startswith('cqc_themes.models') or m in "
        "('sklearn', 'torch', 'scipy')]\n"
        "print('LOADED', loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe, str(sample_corpus_path)],
                            capture_output=True, text=True, check=False)
    assert "LOADED []" in result.stdout, result.stdout[-500:] + result.stderr
