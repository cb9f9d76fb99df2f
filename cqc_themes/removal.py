"""Take reports out of a corpus, with everything derived from them, in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from cqc_themes.corpus import Corpus
from cqc_themes.records import RemovalSummary


def remove(
    corpus: Corpus, paths: Sequence[Path | str] = (), *, council: str | None = None
) -> RemovalSummary:
    """Remove the reports ingested from `paths` (PDFs or folders, present or since
    deleted; a file is also matched by its content) and every report of `council`.

    Findings, labels, codes, topic assignments and embeddings no other finding uses go
    with them; the rest of the corpus is untouched. A path or council that matches no
    report is named in `not_found`, and the others are still removed. Nothing is removed
    if the transaction fails."""
    not_found: list[str] = []
    report_ids: list[int] = []
    for path, ids in corpus.report_ids_at(paths).items():
        if not ids:
            not_found.append(f"{path}: no report in the corpus came from this file")
        report_ids += ids
    if council is not None:
        ids = corpus.report_ids_of_council(council)
        if not ids:
            not_found.append(f"{council!r}: no report of this council in the corpus")
        report_ids += ids
    return replace(corpus.remove_reports(report_ids), not_found=tuple(not_found))
