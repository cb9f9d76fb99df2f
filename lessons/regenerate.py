"""`regenerate_digest`: bring labels, codes and discovered themes up to date, then write
the digest.

Only stale work is done: unlabelled findings are classified, uncoded findings coded,
discovered themes refitted only when the findings no code covers changed, and the rest
is counting and rendering, so a run with nothing new takes seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cqc_themes.corpus import Corpus
from cqc_themes.lessons.content import Digest, build_digest
from cqc_themes.lessons.writer import DigestFiles, write_digest
from cqc_themes.records import Codebook, FindingFilter

if TYPE_CHECKING:  # scikit-learn and torch load only when there is labelling to do
    from cqc_themes.models.classifier import FindingClassifier

Stage = Callable[[str], None]


@dataclass(frozen=True)
class DigestRun:
    files: DigestFiles
    digest: Digest
    findings_labelled: int  # newly labelled in this run
    findings_coded: int  # newly coded in this run
    topics_refitted: bool
    topics_reason: str


def regenerate_digest(
    corpus: Corpus,
    out_dir: Path,
    scope: FindingFilter | None = None,
    on_stage: Stage | None = None,
    classifier: FindingClassifier | None = None,
    codebook: Codebook | None = None,
) -> DigestRun:
    """Classify what is unlabelled, code what is uncoded, refit the discovered themes if
    the uncoded findings changed, write the digest. `classifier` defaults to the shipped
    one, `codebook` to the default codebook."""
    # Imported here: they load the embedding model and BERTopic only when there is work.
    from cqc_themes.models.codebook import default_codebook
    from cqc_themes.models.labelling import label_corpus
    from cqc_themes.models.themes import refresh_themes

    codebook = codebook or default_codebook()
    say = on_stage or (lambda message: None)
    say("labelling findings")
    labelled = label_corpus(corpus, classifier).labelled
    say("checking codes and discovered themes")
    refresh = refresh_themes(corpus, codebook, on_stage=on_stage)
    say("writing the digest")
    digest = build_digest(corpus, scope, codebook)
    files = write_digest(digest, out_dir)
    return DigestRun(
        files=files, digest=digest, findings_labelled=labelled,
        findings_coded=refresh.coding.newly_coded, topics_refitted=refresh.topics.refitted,
        topics_reason=refresh.topics.reason,
    )
