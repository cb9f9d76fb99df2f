"""Searching while `cqc-themes classify` writes labels: no search fails, and a search
filtered by label only ever returns findings that end up with that label.

Labels go in chunk by chunk, each in one transaction; readers must see a chunk whole or
not at all. Not marked slow, so it runs by default: with the classifier cached, classify
takes seconds here.
"""

from __future__ import annotations

import json
from pathlib import Path

from cqc_themes import Corpus, ingest
from reliability.harness import SEARCH_QUERIES, CliLauncher


def _final_labels(path: Path) -> dict[tuple[str, str], str]:
    with Corpus(path) as corpus:
        rows = corpus.connection.execute(
            "SELECT r.council, f.text, l.label FROM labels l"
            " JOIN findings f ON f.id = l.finding_id JOIN reports r ON r.id = f.report_id"
        ).fetchall()
    return {(council, text): label for council, text, label in rows}


def test_label_filtered_searches_while_classify_writes_see_only_committed_labels(
    launcher: CliLauncher,
    report_batch: list[Path],
    keyword_only: list[str],
    shipped_classifier,  # trained and cached before classify is timed against searches
    tmp_path: Path,
) -> None:
    corpus_path = tmp_path / "corpus.sqlite"
    with Corpus(corpus_path) as corpus:
        assert not ingest(report_batch, corpus, workers=1).failed
        total = corpus.count_findings()
    classify = launcher.start(["--db", str(corpus_path), "classify"], tmp_path / "classify")
    searches: list[tuple[int, str, list[dict]]] = []
    while (classify_exit := launcher.poll(classify)) is None:
        query = SEARCH_QUERIES[len(searches) % len(SEARCH_QUERIES)]
        label = ("strength", "improvement", "context")[len(searches) % 3]
        result = launcher.run(
            ["--db", str(corpus_path), "search", query, *keyword_only, "--label", label,
             "--format", "json", "--limit", "200"],
            tmp_path / "search",
        )
        hits = json.loads(result.stdout) if result.returncode == 0 else []
        searches.append((result.returncode, result.stderr.strip(), hits))
    assert classify_exit == 0, (tmp_path / "classify.err").read_text()

    final = _final_labels(corpus_path)
    assert len(final) <= total and final, "classify stored no labels"
    assert [(code, err) for code, err, _ in searches if (code, err) != (0, "")] == []
    assert len(searches) >= 3
    for _, _, hits in searches:
        for hit in hits:
            assert final[(hit["council"], hit["text"])] == hit["label"]
