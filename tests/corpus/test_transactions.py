"""Transactions nest (an inner failure undoes only the inner writes) and a snapshot sees
one committed corpus while another process writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_reports import tiny_report

from cqc_themes import Corpus
from cqc_themes.errors import CorpusError


def councils(corpus: Corpus) -> list[str]:
    return [r.council for r in corpus.reports()]


class Refused(Exception):
    pass


def test_an_inner_block_that_fails_undoes_only_its_own_writes(tmp_path: Path) -> None:
    with Corpus(tmp_path / "corpus.sqlite") as corpus:
        with corpus.transaction():
            corpus.add_report(tiny_report("Ashby Council", ["Reviews were on time."]))
            with pytest.raises(Refused), corpus.transaction():
                corpus.add_report(tiny_report("Fenwick Council", ["Waits grew."]))
                raise Refused
            corpus.add_report(tiny_report("Garth Council", ["Carers were supported."]))
        assert councils(corpus) == ["Ashby Council", "Garth Council"]
        assert [hit.finding.council for hit in corpus.search("waits OR reviews")] == [
            "Ashby Council"
        ]


def test_an_outer_failure_undoes_the_inner_blocks_it_committed(tmp_path: Path) -> None:
    with Corpus(tmp_path / "corpus.sqlite") as corpus:
        corpus.add_report(tiny_report("Ashby Council", ["Reviews were on time."]))
        with pytest.raises(Refused), corpus.transaction():
            with corpus.transaction():
                corpus.add_report(tiny_report("Fenwick Council", ["Waits grew."]))
            corpus.add_report(tiny_report("Garth Council", ["Carers were supported."]))
            raise Refused
        assert councils(corpus) == ["Ashby Council"]
        assert corpus.search("waits OR carers") == []
        # The connection is usable afterwards: nothing was left open.
        assert not corpus.connection.in_transaction
        corpus.add_report(tiny_report("Garth Council", ["Carers were supported."]))
        assert councils(corpus) == ["Ashby Council", "Garth Council"]


def test_a_snapshot_does_not_see_what_another_process_commits_meanwhile(
    tmp_path: Path,
) -> None:
    path = tmp_path / "corpus.sqlite"
    with Corpus(path) as reader, Corpus(path) as writer:
        writer.add_report(tiny_report("Ashby Council", ["Reviews were on time."]))
        with reader.snapshot():
            first = councils(reader)
            writer.add_report(tiny_report("Fenwick Council", ["Waits grew."]))
            second = councils(reader)
            with reader.snapshot():  # nested: still the same snapshot
                assert reader.search("waits") == []
        assert first == second == ["Ashby Council"]
        assert councils(reader) == ["Ashby Council", "Fenwick Council"]


def test_writing_inside_a_snapshot_is_refused_and_reading_inside_a_write_is_allowed(
    tmp_path: Path,
) -> None:
    with Corpus(tmp_path / "corpus.sqlite") as corpus:
        with corpus.snapshot(), pytest.raises(CorpusError, match="read snapshot"):
            corpus.add_report(tiny_report("Ashby Council", ["Reviews were on time."]))
        assert councils(corpus) == []
        with corpus.transaction():
            corpus.add_report(tiny_report("Ashby Council", ["Reviews were on time."]))
            with corpus.snapshot():
                assert councils(corpus) == ["Ashby Council"]
        assert councils(corpus) == ["Ashby Council"]
