"""`cqc-themes serve` over HTTP and in the terminal: read-only, JSON, clean starts and stops."""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import socket
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from serve_process import INSTALLED_CLI, start_server

from cqc_themes import Corpus
from cqc_themes.corpus.browse import FINDINGS_VIEW
from cqc_themes.domain import HIGHER_RATINGS
from cqc_themes.serve.metadata import DATABASE_NAME

pytestmark = pytest.mark.slow
VIEW_JSON = f"/{DATABASE_NAME}/{FINDINGS_VIEW}.json"


def _get_json(url: str) -> object:
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.load(response)


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_databases_json_lists_the_corpus(server, browsable_samples: Path) -> None:
    databases = _get_json(server.url + "-/databases.json")
    assert [(d["name"], d["path"]) for d in databases] == [
        (DATABASE_NAME, str(browsable_samples.resolve()))
    ]


def test_search_answers_with_councils_and_text(server) -> None:
    rows = _get_json(server.url + VIEW_JSON.lstrip("/") + "?_search=carers&_shape=objects")["rows"]
    assert rows
    assert all("carer" in row["text"].lower() and row["council"] for row in rows)
    assert not {"char_start", "char_end", "text_hash"} & rows[0].keys()


def test_a_council_facet_counts_the_search(server) -> None:
    answer = _get_json(server.url + VIEW_JSON.lstrip("/") + "?_search=carers&_facet=council")
    counts = answer["facet_results"]["council"]["results"]
    assert sum(value["count"] for value in counts) == answer["filtered_table_rows_count"]


def test_a_post_that_tries_to_write_is_refused(server, browsable_samples: Path) -> None:
    before = _file_digest(browsable_samples)
    request = urllib.request.Request(
        server.url + f"{DATABASE_NAME}/council_findings_in_report_order",
        data=json.dumps({"sql": "DELETE FROM findings"}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)
    assert refused.value.code == 405
    assert b"read-only" in refused.value.read()
    assert _file_digest(browsable_samples) == before


def test_ctrl_c_stops_it_cleanly_and_the_corpus_is_unchanged(
    browsable_samples: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus.sqlite"
    shutil.copy(browsable_samples, corpus)
    before = _file_digest(corpus)
    running = start_server(corpus)
    assert running.url.startswith("http://127.0.0.1:")  # local only unless told
    _get_json(running.url + VIEW_JSON.lstrip("/") + "?_search=carers")
    with urllib.request.urlopen(running.url + "digest", timeout=120) as response:
        assert response.status == 200
    code, stdout, stderr = running.stop()
    assert code == 0, stderr
    assert "Stopped." in stdout and "Traceback" not in stderr
    assert _file_digest(corpus) == before


def test_a_taken_port_is_one_error_line(browsable_samples: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [str(INSTALLED_CLI), "--db", str(browsable_samples), "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: cannot listen on 127.0.0.1:{port} (Address already in use)"
    ]


def test_a_file_that_is_not_a_corpus_is_one_error_line(tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite"
    notes.write_text("not a database\n", encoding="utf-8")
    result = subprocess.run(
        [str(INSTALLED_CLI), "--db", str(notes), "serve", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "notes.sqlite" in lines[0]


def _without_permission_override() -> list[str] | None:
    """A command prefix that runs without root's power to ignore file permissions."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None
    prefix = [setpriv, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
    probe = subprocess.run([*prefix, "true"], capture_output=True)
    return prefix if probe.returncode == 0 else None


def test_a_corpus_in_a_read_only_folder_serves(browsable_samples: Path, tmp_path: Path) -> None:
    prefix = _without_permission_override()
    if prefix is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced here")
    folder = tmp_path / "shared"
    folder.mkdir()
    corpus = folder / "corpus.sqlite"
    shutil.copy(browsable_samples, corpus)
    before = _file_digest(corpus)
    folder.chmod(0o555)
    try:
        running = start_server(corpus, prefix=tuple(prefix))
        rows = _get_json(running.url + VIEW_JSON.lstrip("/") + "?_search=carers&_shape=objects")
        with urllib.request.urlopen(running.url + "digest", timeout=120) as response:
            digest = response.read().decode("utf-8")
        code, _, stderr = running.stop()
    finally:
        folder.chmod(0o755)
    assert "immutable" in running.first_line
    assert rows["rows"] and code == 0, stderr
    assert "What CQC's assessments of councils are finding" in digest
    assert sorted(p.name for p in folder.iterdir()) == ["corpus.sqlite"]
    assert _file_digest(corpus) == before


def _canned(server, name: str, **parameters: str) -> list[dict]:
    query = urllib.parse.urlencode({**parameters, "_shape": "objects", "_size": "max"})
    return _get_json(f"{server.url}{DATABASE_NAME}/{name}.json?{query}")["rows"]


def test_the_canned_questions_count_what_the_corpus_holds(server, browsable_samples: Path) -> None:
    with Corpus(browsable_samples) as corpus:
        findings = list(corpus.findings())
    improvements = [f for f in findings if f.label == "improvement"]
    shortfalls = _canned(server, "shortfalls_by_theme_and_council")
    assert sum(row["shortfalls"] for row in shortfalls) == len(improvements)
    matrix = _canned(server, "council_theme_matrix", label="strength")
    assert sum(row["total"] for row in matrix) == sum(f.label == "strength" for f in findings)
    council = improvements[0].council
    one_council = _canned(server, "shortfalls_by_theme_and_council", council=council)
    assert {row["council"] for row in one_council} == {council}
    assert sum(row["shortfalls"] for row in one_council) == sum(
        f.council == council for f in improvements
    )


def test_higher_rated_strengths_compares_shares_of_councils(
    server, browsable_samples: Path
) -> None:
    with Corpus(browsable_samples) as corpus:
        reports = corpus.reports()
    higher = sum(report.rating in HIGHER_RATINGS for report in reports if report.rating)
    lower = sum(report.rating not in HIGHER_RATINGS for report in reports if report.rating)
    rows = _canned(server, "higher_rated_strengths")
    assert rows
    for row in rows:
        assert row["higher_rated_councils"] <= higher and row["lower_rated_councils"] <= lower
        # SQLite rounds halves away from zero, Python's round() to even.
        share = 100 * row["higher_rated_councils"] / higher
        assert row["higher_rated_percent"] == math.floor(share + 0.5)
    gaps = [row["higher_rated_percent"] - row["lower_rated_percent"] for row in rows]
    assert gaps == sorted(gaps, reverse=True)
