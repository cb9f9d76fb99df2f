"""lessons/: the lessons-learned digest, a view over the corpus and the models' output."""

from cqc_themes.lessons.content import Digest, build_digest
from cqc_themes.lessons.writer import DigestFiles, write_digest

__all__ = ["Digest", "DigestFiles", "build_digest", "write_digest"]
