"""The last digests made, kept in the user cache, so a digest asked for again with
nothing new costs seconds instead of recounting every theme and redrawing every chart.

A stored digest is found by a key naming everything it was made from: the corpus's
content (`Corpus.content_state`: findings, current reports, labels and corrections,
codes, the current topics, the corpus's settings), the scope, the codebook, the theme
model's version, and this package's code with the classifier's training data. The
classifier's version is made of those last two and the corrections, so the key stands
for it without loading scikit-learn (2 s). A change to any of them misses, and the
digest is made afresh. The written files are remembered by size and modification time;
a file edited or deleted since is written again from the stored digest.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from cqc_themes.corpus import Corpus
from cqc_themes.lessons.content import Digest
from cqc_themes.lessons.writer import DigestFiles
from cqc_themes.records import Codebook, FindingFilter

# Digests kept: one per scope a researcher keeps regenerating, and a few old ones.
KEPT = 8


@dataclass(frozen=True)
class StoredDigest:
    digest: Digest
    files: DigestFiles
    written: tuple[tuple[int, int], ...]  # (size, mtime_ns) of each file as written

    def files_unchanged(self) -> bool:
        return self.written == _file_stamps(self.files)


def digest_key(corpus: Corpus, scope: FindingFilter, codebook: Codebook) -> str:
    """Names the digest `regenerate_digest` would make of the corpus as it is now."""
    from cqc_themes.models.discovery.topics import model_version

    key = hashlib.sha256()
    for part in (
        corpus.content_state(),
        repr(scope),
        codebook.fingerprint,
        model_version(),
        _code_fingerprint(),
    ):
        key.update(part.encode() + b"\n")
    return key.hexdigest()


def load_stored_digest(key: str, cache_dir: Path | None = None) -> StoredDigest | None:
    """The digest stored under `key`, or None (never stored, or unreadable)."""
    path = _folder(cache_dir) / f"{key}.pickle"
    try:
        # Only this package writes here, in the user's own cache (as trained.py does the
        # classifier), so unpickling trusts nothing a corpus file could carry.
        with path.open("rb") as handle:
            stored = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None  # a damaged or outdated entry is only a miss
    return stored if isinstance(stored, StoredDigest) else None


def store_digest(
    key: str, digest: Digest, files: DigestFiles, cache_dir: Path | None = None
) -> None:
    """Keep `digest` (just written to `files`) under `key`; only the most recent are kept."""
    folder = _folder(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stored = StoredDigest(digest, files, _file_stamps(files))
    partial = folder / f"{key}.pickle.partial"
    partial.write_bytes(pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL))
    partial.replace(folder / f"{key}.pickle")
    entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEPT:]:
        old.unlink(missing_ok=True)


def _folder(cache_dir: Path | None) -> Path:
    from cqc_themes.user_cache import default_cache_dir

    return (cache_dir or default_cache_dir()) / "digests"


def _file_stamps(files: DigestFiles) -> tuple[tuple[int, int], ...]:
    stamps = []
    for path in (files.markdown, files.html, files.json):
        try:
            status = os.stat(path)
        except OSError:
            return ()
        stamps.append((status.st_size, status.st_mtime_ns))
    return tuple(stamps)


def _code_fingerprint() -> str:
    """The source of the subpackages that make a digest, and the classifier's training
    data: a change to any of them misses."""
    import cqc_themes
    import cqc_themes.corpus
    import cqc_themes.lessons
    import cqc_themes.models
    from cqc_themes.models.training_data import TRAINING_DATA_DIR

    paths = sorted(Path(cqc_themes.__file__).parent.glob("*.py"))  # records, domain...
    for package in (cqc_themes.corpus, cqc_themes.lessons, cqc_themes.models):
        paths += sorted(Path(package.__file__).parent.rglob("*.py"))
    paths += sorted(path for path in TRAINING_DATA_DIR.rglob("*") if path.is_file())
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()
