"""Finding findings by meaning: semantic and hybrid search over the corpus.

semantic_search.py ranks findings by embedding similarity, alone or fused with the
corpus's keyword search (`search_findings`); vector_index.py keeps the findings' vectors
in a file beside the corpus, so a query scans memory rather than SQLite.
"""
