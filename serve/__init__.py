"""serve/: the corpus in a browser, on Datasette (metadata, settings and one plugin)."""

from cqc_themes.serve.server import DEFAULT_HOST, DEFAULT_PORT, ServedCorpus, serve_corpus

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "ServedCorpus", "serve_corpus"]
