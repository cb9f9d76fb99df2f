"""How fast are embeddings, topic fits and searches by meaning on this machine?

    .venv/bin/python benchmarks/themes_benchmark.py ../shared/corpus

Ingests the report PDFs into a temporary corpus, then prints: embedding throughput
(findings/s, after a warm-up batch), a cold topic fit (nothing cached: embeddings
computed, and the first fit in the process pays numba's JIT), a warm fit (embeddings from
the cache) and the latency of searches by meaning and hybrid searches.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import torch

from cqc_themes import Corpus, ingest
from cqc_themes.models.discovery.topics import fit_topics
from cqc_themes.models.embeddings import SentenceEmbedder, load_embedding_model
from cqc_themes.models.search.semantic_search import hybrid_search, semantic_search

QUERIES = (
    "people waited a long time for an assessment",
    "help for family members who look after someone",
    "difficulty recruiting occupational therapists",
    "young people moving to adult services",
    "checks on abuse and neglect concerns",
    "money given to people to buy their own care",
)


def timed(action):  # -> (result, seconds)
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus_dir", nargs="?", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--repeats", type=int, default=5, help="Timed runs per query.")
    arguments = parser.parse_args()
    print(f"torch threads: {torch.get_num_threads()}")

    with tempfile.TemporaryDirectory() as scratch, Corpus(Path(scratch) / "c.sqlite") as corpus:
        ingest([arguments.corpus_dir], corpus)
        texts = [finding.text for finding in corpus.findings()]

        _, load_seconds = timed(load_embedding_model)
        embedder = SentenceEmbedder()
        embedder.encode(texts[:64])  # warm-up
        _, seconds = timed(lambda: embedder.encode(texts))
        print(f"Model load: {load_seconds:.1f} s")
        print(f"Embedding throughput: {len(texts)} findings in {seconds:.1f} s = "
              f"{len(texts) / seconds:.0f} findings/s")

        cold, cold_seconds = timed(lambda: fit_topics(corpus))
        print(f"Cold fit (first in process, {cold.embeddings_computed} embeddings computed): "
              f"{cold_seconds:.1f} s, {cold.run.topic_count} topics from "
              f"{cold.run.findings_fitted} findings")
        warm, warm_seconds = timed(lambda: fit_topics(corpus))
        print(f"Warm fit ({warm.embeddings_computed} embeddings computed, the rest cached): "
              f"{warm_seconds:.1f} s")

        semantic_search(corpus, QUERIES[0], limit=None)  # embeds the framework text too
        for name, search in (("semantic", semantic_search), ("hybrid", hybrid_search)):
            latencies = []
            for query in QUERIES:
                for _ in range(arguments.repeats):
                    latencies.append(timed(lambda s=search, q=query: s(corpus, q, limit=20))[1])
            print(f"{name.capitalize()} search over {len(texts)} findings: median "
                  f"{1000 * statistics.median(latencies):.0f} ms, max "
                  f"{1000 * max(latencies):.0f} ms ({len(latencies)} searches)")


if __name__ == "__main__":
    main()
