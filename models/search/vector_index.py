"""A memory-mapped matrix of every finding's vector, kept beside the corpus file.

Semantic search used to read every finding and its vector from SQLite on each query
(seconds at 75,000 findings). The index is one float32 `.npy` matrix (a row per finding)
and the finding ids of its rows, in `<corpus>.vectors/`; a query is one matrix-vector
product over the memory-mapped file, then only the best findings are read from SQLite.

The vectors themselves stay cached in the corpus (`embed_texts`); the index is derived
from them and from the findings table, so it can always be rebuilt. It records the
findings' fingerprint when built; when the corpus gains or loses findings, or the files
are missing or unreadable, the next use rebuilds it (embedding any finding not yet
embedded).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cqc_themes.corpus import Corpus
from cqc_themes.corpus.finding_vectors_sql import finding_rows, findings_fingerprint
from cqc_themes.models.embeddings import EMBEDDING_DIMENSIONS, TextEncoder, embed_texts

_INDEX_FORMAT = 1
# Indexes this process has opened, by state file, with what its files were then: a
# search reopens an index only when one of them changes (reading the ids and mapping the
# matrix were 2 ms of a 45 ms search at 86,000 findings).
_OPENED: dict[Path, tuple[tuple, FindingVectors]] = {}


@dataclass(frozen=True)
class FindingVectors:
    """Row i of `vectors` is the unit vector of finding `finding_ids[i]`."""

    finding_ids: np.ndarray  # int64, ascending
    vectors: np.ndarray  # float32 (n, EMBEDDING_DIMENSIONS), memory-mapped when on disk

    def similarities(self, query_vector: np.ndarray) -> np.ndarray:
        """Cosine of the (unit) query vector to every finding, by row."""
        # einsum runs on one thread: the product is bound by memory bandwidth (22 ms at
        # 86,000 findings either way), and BLAS's two threads cost 12 ms to wake on a
        # busy machine even for a corpus of 2,000 findings.
        return np.einsum("ij,j->i", self.vectors, query_vector.astype(np.float32))


def index_folder(corpus: Corpus) -> Path:
    """Where the index files of this corpus live: `<corpus file>.vectors/`."""
    return corpus.path.with_name(corpus.path.name + ".vectors")


def fresh_finding_vectors(corpus: Corpus, embedder: TextEncoder) -> FindingVectors | None:
    """The index for `embedder`'s vectors if it is in step with the corpus, else None."""
    return _load(
        index_folder(corpus), _file_stem(embedder), findings_fingerprint(corpus.connection)
    )


def finding_vectors(
    corpus: Corpus,
    embedder: TextEncoder,
    on_progress: Callable[[int, int], None] | None = None,
) -> FindingVectors:
    """The index for `embedder`'s vectors, rebuilt first if missing or stale."""
    folder, stem = index_folder(corpus), _file_stem(embedder)
    fingerprint = findings_fingerprint(corpus.connection)
    loaded = _load(folder, stem, fingerprint)
    if loaded is not None:
        return loaded
    rows = finding_rows(corpus.connection)
    ids = np.array([finding_id for finding_id, _, _ in rows], dtype=np.int64)
    vectors = embed_texts(corpus, [text for _, _, text in rows], embedder, on_progress)
    built = FindingVectors(ids, vectors.reshape(len(rows), EMBEDDING_DIMENSIONS))
    try:
        _save(folder, stem, fingerprint, built)
    except OSError:
        # A read-only folder still searches, from memory: the index is only a cache.
        return built
    return _load(folder, stem, fingerprint) or built


def _file_stem(embedder: TextEncoder) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", embedder.model_name)


def _load(folder: Path, stem: str, fingerprint: str) -> FindingVectors | None:
    state_file = folder / f"{stem}.json"
    try:
        written = [
            (file.st_ino, file.st_mtime_ns, file.st_size)
            for file in (
                state_file.stat(),
                (folder / f"{stem}.npy").stat(),
                (folder / f"{stem}.ids.npy").stat(),
            )
        ]
    except OSError:
        return None
    seen = (fingerprint, *written)
    opened = _OPENED.get(state_file)
    if opened is not None and opened[0] == seen:
        return opened[1]
    loaded = _read(folder, stem, fingerprint)
    if loaded is not None:
        _OPENED[state_file] = (seen, loaded)
    return loaded


def _read(folder: Path, stem: str, fingerprint: str) -> FindingVectors | None:
    try:
        state = json.loads((folder / f"{stem}.json").read_text(encoding="utf-8"))
        if state != {"format": _INDEX_FORMAT, "findings": fingerprint}:
            return None
        ids = np.load(folder / f"{stem}.ids.npy")
        vectors = np.load(folder / f"{stem}.npy", mmap_mode="r")
    except (OSError, ValueError):
        return None
    if vectors.shape != (len(ids), EMBEDDING_DIMENSIONS):
        return None
    return FindingVectors(ids, vectors)


def _save(folder: Path, stem: str, fingerprint: str, built: FindingVectors) -> None:
    """Matrix and ids first, the state file last: a half-written index is never fresh."""
    folder.mkdir(exist_ok=True)
    (folder / f"{stem}.json").unlink(missing_ok=True)
    for suffix, array in ((".npy", built.vectors), (".ids.npy", built.finding_ids)):
        partial = folder / f"{stem}{suffix}.partial.npy"
        np.save(partial, np.ascontiguousarray(array))
        os.replace(partial, folder / f"{stem}{suffix}")
    state = {"format": _INDEX_FORMAT, "findings": fingerprint}
    (folder / f"{stem}.json").write_text(json.dumps(state), encoding="utf-8")
