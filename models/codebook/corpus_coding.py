"""Codes a corpus's findings with a codebook and keeps the codes in step with it.

Only findings that judge the council are coded: framework text ("What people expect",
"The local authority commitment"), the About section and template wording repeated
across reports never are. Codes are redone only where needed: every finding when the
codebook or the coder's settings changed, otherwise only findings not yet coded.
"""

from __future__ import annotations

from collections.abc import Callable

from cqc_themes.corpus import Corpus
from cqc_themes.corpus.code_store import CodeStore
from cqc_themes.errors import CodingError
from cqc_themes.models.codebook.codebook_file import default_codebook
from cqc_themes.models.codebook.coder import ThemeCoder, theme_texts
from cqc_themes.models.discovery.topics import fittable_findings
from cqc_themes.models.embeddings import TextEncoder, embed_texts
from cqc_themes.records import Codebook, CodingRefresh

Progress = Callable[[int, int], None]  # (findings embedded so far, findings to embed)


def coding_stale_reason(corpus: Corpus, codebook: Codebook, coder: ThemeCoder) -> str | None:
    """Why every stored code must be redone (None if the stored codes still stand)."""
    store = CodeStore(corpus)
    record = store.current_coding()
    if record is None:
        return "not coded yet"
    if record.codebook_fingerprint != codebook.fingerprint:
        return f"the codebook changed (was {record.codebook_name}, now {codebook.name})"
    if store.coding_settings() != coder.get_params():
        return "the coding settings changed"
    return None


def code_corpus(
    corpus: Corpus,
    codebook: Codebook | None = None,
    coder: ThemeCoder | None = None,
    *,
    embedder: TextEncoder | None = None,
    on_progress: Progress | None = None,
) -> CodingRefresh:
    """Code every codable finding not yet coded with `codebook` (the default codebook
    when None) and store the codes; a changed codebook recodes everything."""
    codebook = codebook or default_codebook()
    coder = coder or ThemeCoder()
    if corpus.count_findings() == 0:
        raise CodingError(f"{corpus.path}: no findings to code; run `cqc-themes ingest`")
    store = CodeStore(corpus)
    stale = coding_stale_reason(corpus, codebook, coder)
    already = set() if stale else store.coded_finding_ids()
    codable = fittable_findings(corpus)
    codable_ids = {finding.finding_id for finding in codable}
    todo = [finding for finding in codable if finding.finding_id not in already]
    no_longer_codable = already - codable_ids  # e.g. wording another report now repeats
    if not todo and not no_longer_codable and stale is None:
        record = store.current_coding()
        assert record is not None
        return CodingRefresh(record, newly_coded=0, recoded=False, reason="codes are current")

    texts = [finding.text for finding in todo]
    theme_vectors = finding_vectors = None
    if coder.needs_embeddings:
        theme_vectors = [
            embed_texts(corpus, theme_texts(theme), embedder) for theme in codebook.themes
        ]
        finding_vectors = embed_texts(corpus, texts, embedder, on_progress)
    coder.fit(codebook, theme_vectors)
    codes = coder.code([finding.finding_id for finding in todo], texts, finding_vectors)
    store.save_coding(
        codebook=codebook,
        method=coder.method,
        settings=coder.get_params(),
        coded_ids=[finding.finding_id for finding in todo],
        codes=codes,
        replace_all=stale is not None,
        forget_ids=no_longer_codable,
    )
    record = store.current_coding()
    assert record is not None
    reason = stale or f"{len(todo)} new finding(s)"
    return CodingRefresh(record, newly_coded=len(todo), recoded=stale is not None, reason=reason)


def covered_finding_ids(corpus: Corpus) -> set[int]:
    """Findings the stored coding gave at least one theme: discovery clusters the rest."""
    return CodeStore(corpus).covered_finding_ids()
