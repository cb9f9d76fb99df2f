"""`regenerate_digest`: bring labels, codes and discovered themes up to date, then write
the digest.

Only stale work is done: unlabelled findings are classified, uncoded findings coded,
discovered themes refitted only when the findings no code covers changed, and the rest
is counting and rendering. A run with nothing new since the last one (same corpus
content, scope, codebook, models and code) reuses the digest it stored
(stored_digest.py) and rewrites only files changed since, so it takes seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cqc_themes.corpus import Corpus
from cqc_themes.lessons.content import Digest, build_digest
from cqc_themes.lessons.stored_digest import digest_key, load_stored_digest, store_digest
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
    from cqc_themes.models.codebook import default_codebook

    codebook = codebook or default_codebook()
    scope = scope or FindingFilter()
    say = on_stage or (lambda message: None)
    say("checking for anything new")
    # A given classifier may differ from the one the stored digest's labels came from.
    key = None if classifier else digest_key(corpus, scope, codebook)
    stored = load_stored_digest(key) if key else None
    if key and stored is not None:
        files = stored.files
        if files.json.parent.resolve() != out_dir.resolve() or not stored.files_unchanged():
            say("writing the digest")
            files = write_digest(stored.digest, out_dir)
            store_digest(key, stored.digest, files)
        return DigestRun(
            files=files,
            digest=stored.digest,
            findings_labelled=0,
            findings_coded=0,
            topics_refitted=False,
            topics_reason="the stored topics are current",
        )
    # Imported here: they load the embedding model and BERTopic only when there is work.
    from cqc_themes.models.labelling import label_corpus
    from cqc_themes.models.themes import refresh_themes

    say("labelling findings")
    labelled = label_corpus(corpus, classifier).labelled
    say("checking codes and discovered themes")
    refresh = refresh_themes(corpus, codebook, on_stage=on_stage)
    say("writing the digest")
    digest = build_digest(corpus, scope, codebook)
    files = write_digest(digest, out_dir)
    if classifier is None:
        store_digest(digest_key(corpus, scope, codebook), digest, files)
    return DigestRun(
        files=files, digest=digest, findings_labelled=labelled,
        findings_coded=refresh.coding.newly_coded, topics_refitted=refresh.topics.refitted,
        topics_reason=refresh.topics.reason,
    )
