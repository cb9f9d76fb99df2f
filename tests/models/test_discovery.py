"""Discovery on the sample reports: the theme the samples share beyond the codebook is
proposed, ids survive adding a report, runs repeat exactly, a candidate becomes a code.

Four sample councils write about support for armed forces veterans, which the default
codebook has no theme for; nothing in the code knows that word.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cqc_themes import Corpus, ingest
from cqc_themes.corpus.code_store import CodeStore
from cqc_themes.errors import TopicModelError
from cqc_themes.models.codebook import load_codebook
from cqc_themes.models.discovery.topics import fittable_findings
from cqc_themes.models.themes import (
    KIND_CODEBOOK,
    KIND_DISCOVERED,
    add_candidate_to_codebook,
    candidate_themes,
    discovered_themes,
    list_themes,
    refresh_themes,
    theme_details,
)

pytestmark = pytest.mark.slow

VETERAN_COUNCILS = {
    "Brackenford County Council",
    "Kestrel Vale County Council",
    "Oakhurst Metropolitan Borough Council",
    "Saltcombe Bay Council",
}


def _veterans(themes):
    return [t for t in themes if "veteran" in t.name.lower() or "armed forces" in t.name.lower()]


def test_discovery_proposes_the_theme_the_samples_share_beyond_the_codebook(
    discovered_samples: Path,
) -> None:
    with Corpus(discovered_samples) as corpus:
        candidates = candidate_themes(corpus)
    [veterans] = _veterans(candidates)
    assert veterans.kind == KIND_DISCOVERED and veterans.theme_id.startswith("discovered-")
    assert set(veterans.councils) == VETERAN_COUNCILS
    assert {"veterans", "armed forces"} <= set(veterans.keywords)
    # A noun phrase a researcher would write, not "Head: word and word".
    assert ":" not in veterans.name and veterans.name[0].isupper()


def test_discovery_clusters_only_findings_no_code_covers(discovered_samples: Path) -> None:
    with Corpus(discovered_samples) as corpus:
        covered = CodeStore(corpus).covered_finding_ids()
        in_topics = {
            f.finding_id for t in corpus.topics() for f in corpus.topic_findings(t.topic_id)
        }
        fittable = {f.finding_id for f in fittable_findings(corpus)}
    assert covered and in_topics
    assert not in_topics & covered
    assert in_topics <= fittable


def test_codebook_themes_come_first_and_keep_their_ids(discovered_samples: Path) -> None:
    with Corpus(discovered_samples) as corpus:
        themes = list_themes(corpus)
        carers = theme_details(corpus, "unpaid carers")
    kinds = [t.kind for t in themes]
    assert kinds == sorted(kinds, key=lambda kind: kind != KIND_CODEBOOK)
    assert carers.theme_id == "unpaid_carers" and carers.council_count >= 5
    assert all(j.theme_id == "unpaid_carers" for j in carers.judgements)


def test_adding_a_report_keeps_every_theme_id(sample_pdfs: list[Path], tmp_path: Path) -> None:
    later = next(p for p in sample_pdfs if p.name == "harrowfield.pdf")
    with Corpus(tmp_path / "corpus.sqlite") as corpus:
        ingest([p for p in sample_pdfs if p != later], corpus, workers=1)
        refresh_themes(corpus)
        before = {t.theme_id: t for t in discovered_themes(corpus)}
        [veterans_before] = _veterans(candidate_themes(corpus))
        ingest([later], corpus, workers=1)
        refresh = refresh_themes(corpus)
        after = {t.theme_id: t for t in discovered_themes(corpus)}
        [veterans_after] = _veterans(candidate_themes(corpus))
    assert refresh.topics.refitted and refresh.coding.newly_coded > 0
    assert veterans_after.theme_id == veterans_before.theme_id
    assert set(before) <= set(after), sorted(set(before) - set(after))
    kept = list(before)
    # A kept id names the same theme: most of its findings are still in it.
    for theme_id in kept:
        old = {e.finding_id for j in before[theme_id].judgements for e in j.evidence}
        new = {e.finding_id for j in after[theme_id].judgements for e in j.evidence}
        assert len(old & new) >= 0.5 * len(old), theme_id


def test_two_runs_give_identical_codes_and_topics(ingested_samples: Path, tmp_path: Path) -> None:
    runs = []
    for name in ("first", "second"):
        with Corpus(ingested_samples) as original:
            path = original.backup(tmp_path / f"{name}.sqlite")
        with Corpus(path) as corpus:
            refresh_themes(corpus)
            codes = sorted(
                (c.finding_id, c.theme_id, c.score) for c in CodeStore(corpus).finding_codes()
            )
            topics = sorted((t.topic_id, t.label, t.keywords) for t in corpus.topics())
            members = sorted(
                (f.finding_id, t.topic_id)
                for t in corpus.topics()
                for f in corpus.topic_findings(t.topic_id)
            )
        runs.append((codes, topics, members))
    assert runs[0] == runs[1]
    assert runs[0][0] and runs[0][1]


def test_a_candidate_added_to_a_codebook_becomes_a_code(
    discovered_samples: Path, tmp_path: Path
) -> None:
    codebook_file = tmp_path / "my-codebook.toml"
    with Corpus(discovered_samples) as original:
        path = original.backup(tmp_path / "corpus.sqlite")
    with Corpus(path) as corpus:
        [veterans] = _veterans(candidate_themes(corpus))
        added, codebook = add_candidate_to_codebook(corpus, veterans.theme_id, codebook_file)
        assert load_codebook(codebook_file).theme(added.theme_id) == added
        assert len(codebook.themes) == len(load_codebook().themes) + 1
        refresh_themes(corpus, codebook)
        coded = theme_details(corpus, added.theme_id, codebook)
    assert coded.kind == KIND_CODEBOOK and coded.name == veterans.name
    assert set(coded.councils) >= VETERAN_COUNCILS


def test_an_unknown_candidate_is_a_clear_error(discovered_samples: Path, tmp_path: Path) -> None:
    with Corpus(discovered_samples) as corpus, pytest.raises(TopicModelError, match="no discov"):
        add_candidate_to_codebook(corpus, "discovered-999", tmp_path / "c.toml")
    assert not (tmp_path / "c.toml").exists()
