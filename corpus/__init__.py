"""corpus/: the SQLite file that holds reports, findings, labels, embeddings and topics."""

from cqc_themes.corpus.connection import DB_ENVIRONMENT_VARIABLE, default_corpus_path
from cqc_themes.corpus.store import Corpus

__all__ = ["DB_ENVIRONMENT_VARIABLE", "Corpus", "default_corpus_path"]
