"""Which councils raise each recurring theme as a shortfall or a strength: the codebook's
judgements against readers' (../shared/themes/councils.json), beside a keyword search.

    .venv/bin/python benchmarks/theme_councils.py            # ingests ../shared/corpus
    .venv/bin/python benchmarks/theme_councils.py --db corpus.sqlite   # a copy is used

Ingests the reports into a temporary corpus (or copies --db), labels them with the
shipped classifier (`classify`), codes them with the default codebook and judges each
council. For every yardstick theme and polarity that readers found in 3+ councils (a
council the readers disagree on counts neither way), prints the precision, recall and F1
of the councils listed, their mean, and in the same run the keyword baseline: councils
with a finding that names the theme (benchmarks/recurring_themes.py's patterns) and
carries that label. Then an ablation of coding methods and of the evidence threshold.
It writes nothing to the package; the yardstick never reaches the models.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from recurring_themes import RECURRING_THEMES

from cqc_themes import Corpus, ingest, label_corpus
from cqc_themes.corpus.code_store import CodeStore
from cqc_themes.models.codebook import ThemeCoder, code_corpus, default_codebook, theme_councils
from cqc_themes.models.codebook.councils import DEFAULT_EVIDENCE_THRESHOLD, label_probability
from cqc_themes.records import CodedFinding

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
POLARITIES = ("shortfall", "strength")
READER_COUNTS = {
    "shortfall": {"improvement", "both"},
    "strength": {"strength", "both"},
}
LABEL_OF_POLARITY = {"shortfall": "improvement", "strength": "strength"}
# Yardstick theme id -> codebook theme id (the default codebook uses the same ids).
CODEBOOK_ID = {
    "unpaid_carers": "unpaid_carers",
    "equality_data": "equality_data",
    "prevention_reablement": "prevention_reablement",
    "workforce_recruitment": "workforce_recruitment",
    "transitions": "transitions",
    "waiting_lists": "waiting_lists",
    "direct_payments": "direct_payments",
    "safeguarding_enquiries": "safeguarding_enquiries",
}
# Yardstick theme id -> the baseline's pattern in benchmarks/recurring_themes.py.
BASELINE_PATTERN = {
    "unpaid_carers": RECURRING_THEMES["unpaid carers"],
    "equality_data": RECURRING_THEMES["equality/diversity data"],
    "prevention_reablement": RECURRING_THEMES["prevention/reablement"],
    "workforce_recruitment": RECURRING_THEMES["workforce and OT recruitment"],
    "transitions": RECURRING_THEMES["transitions to adult services"],
    "waiting_lists": RECURRING_THEMES["waiting lists/times"],
    "direct_payments": RECURRING_THEMES["direct payments"],
    "safeguarding_enquiries": RECURRING_THEMES["safeguarding enquiries"],
}

Listing = dict[tuple[str, str], set[str]]  # (yardstick theme, polarity) -> councils listed


@dataclass(frozen=True)
class Judged:
    """Readers' verdict on one theme and polarity: councils that have it, that do not."""

    theme: str
    polarity: str
    positive: frozenset[str]
    negative: frozenset[str]


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


def readers_verdicts(path: Path) -> tuple[list[Judged], dict[str, str]]:
    """Verdicts scored (3+ positive councils), and report file name -> yardstick council."""
    document = json.loads(path.read_text(encoding="utf-8"))
    verdicts = []
    for theme in document["themes"]:
        for polarity in POLARITIES:
            positive, negative = set(), set()
            for council in document["councils"]:
                calls = {
                    reader[theme] in READER_COUNTS[polarity]
                    for reader in council["readers"].values()
                }
                if calls == {True}:
                    positive.add(council["council"])
                elif calls == {False}:
                    negative.add(council["council"])
            if len(positive) >= 3:
                verdicts.append(Judged(theme, polarity, frozenset(positive), frozenset(negative)))
    files = {council["report"]: council["council"] for council in document["councils"]}
    return verdicts, files


def score(listed: set[str], verdict: Judged) -> Score:
    judged = listed & (verdict.positive | verdict.negative)  # disagreements count neither way
    hits = len(judged & verdict.positive)
    precision = hits / len(judged) if judged else 0.0
    recall = hits / len(verdict.positive)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1)


def codebook_listing(
    corpus: Corpus,
    council_names: dict[str, str],
    threshold: float = DEFAULT_EVIDENCE_THRESHOLD,
    coder: ThemeCoder | None = None,
) -> Listing:
    by_id = {
        entry.theme.theme_id: entry
        for entry in theme_councils(
            corpus, default_codebook(), coder=coder, evidence_threshold=threshold
        )
    }
    listing: Listing = {}
    for theme, codebook_id in CODEBOOK_ID.items():
        entry = by_id[codebook_id]
        listing[theme, "shortfall"] = {council_names[c] for c in entry.shortfall_councils}
        listing[theme, "strength"] = {council_names[c] for c in entry.strength_councils}
    return listing


def keyword_listing(corpus: Corpus, council_names: dict[str, str]) -> Listing:
    listing: Listing = {}
    findings = list(corpus.findings())
    for theme, pattern in BASELINE_PATTERN.items():
        for polarity in POLARITIES:
            listing[theme, polarity] = {
                council_names[f.council]
                for f in findings
                if f.label == LABEL_OF_POLARITY[polarity] and re.search(pattern, f.text, re.I)
            }
    return listing


def mean_f1(listing: Listing, verdicts: Iterable[Judged]) -> float:
    scores = [score(listing[v.theme, v.polarity], v).f1 for v in verdicts]
    return sum(scores) / len(scores)


def print_table(verdicts: list[Judged], ours: Listing, baseline: Listing) -> None:
    print(
        f"{'theme':<24}{'polarity':<11}{'n':>3}  {'P':>5}{'R':>6}{'F1':>6}   "
        f"{'base P':>6}{'R':>6}{'F1':>6}"
    )
    for verdict in verdicts:
        mine = score(ours[verdict.theme, verdict.polarity], verdict)
        base = score(baseline[verdict.theme, verdict.polarity], verdict)
        print(
            f"{verdict.theme:<24}{verdict.polarity:<11}{len(verdict.positive):>3}  "
            f"{mine.precision:>5.2f}{mine.recall:>6.2f}{mine.f1:>6.2f}   "
            f"{base.precision:>6.2f}{base.recall:>6.2f}{base.f1:>6.2f}"
        )
    print(f"{'mean F1':<38}{mean_f1(ours, verdicts):>12.3f}{mean_f1(baseline, verdicts):>21.3f}")


def prepared_corpus(arguments: argparse.Namespace, scratch: Path) -> Path:
    path = scratch / "corpus.sqlite"
    if arguments.db:
        with Corpus(arguments.db, create=False) as source:
            source.backup(path)
    with Corpus(path) as corpus:
        if not arguments.db:
            summary = ingest([arguments.corpus_dir], corpus, workers=1)
            print(f"Ingested {summary.count('added')} report(s) from {arguments.corpus_dir}")
        labelled = label_corpus(corpus)
        model = labelled.model_version or "the stored labels"
        print(f"Labelled {labelled.labelled} finding(s) with {model}")
    return path


def ablation(corpus: Corpus, verdicts: list[Judged], council_names: dict[str, str]) -> None:
    print(
        "\nAblation: coding method (evidence threshold "
        f"{DEFAULT_EVIDENCE_THRESHOLD}) -> mean F1, findings with a code"
    )
    variants: list[tuple[str, Callable[[], ThemeCoder]]] = [
        ("keywords only", lambda: ThemeCoder(method="keywords")),
        *[
            (
                f"embeddings >= {t}",
                lambda t=t: ThemeCoder(method="embeddings", similarity_threshold=t),
            )
            for t in (0.5, 0.55, 0.6, 0.65)
        ],
        *[
            (
                f"blend (confirm {c}, alone {t if t <= 1 else 'off'})",
                lambda c=c, t=t: ThemeCoder(
                    method="blend", confirm_threshold=c, similarity_threshold=t
                ),
            )
            for c, t in ((0.2, 1.01), (0.3, 1.01), (0.4, 1.01), (0.3, 0.6), (0.3, 0.65))
        ],
        ("default ThemeCoder()", ThemeCoder),
    ]
    for name, make in variants:
        coder = make()
        refresh = code_corpus(corpus, default_codebook(), coder)
        listing = codebook_listing(corpus, council_names, coder=coder)
        print(
            f"  {name:<32}{mean_f1(listing, verdicts):>7.3f}{refresh.record.findings_with_codes:>7}"
        )
    code_corpus(corpus, default_codebook())
    print("Ablation: evidence threshold (default coder, chance of at least one) -> mean F1")
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        listing = codebook_listing(corpus, council_names, threshold)
        print(f"  {threshold:<32}{mean_f1(listing, verdicts):>7.3f}")
    print("Ablation: how a council's findings add up (default coder) -> mean F1")
    for name, rule, threshold in AGGREGATIONS:
        listing = aggregated_listing(corpus, council_names, rule, threshold)
        print(f"  {name + f' >= {threshold}':<40}{mean_f1(listing, verdicts):>7.3f}")


def _top_label_sum(probabilities: list[float], top_label: list[float]) -> float:
    return sum(top_label)


def _probability_sum(probabilities: list[float], top_label: list[float]) -> float:
    return sum(probabilities)


def _strongest(probabilities: list[float], top_label: list[float]) -> float:
    return max(probabilities, default=0.0)


# The rule shipped before (top label's confidence summed), and two other ways to weigh
# a council's findings, against the shipped chance that at least one finding shows it.
AGGREGATIONS = (
    ("top label's confidence summed", _top_label_sum, 0.6),
    ("top label's confidence summed", _top_label_sum, 0.3),
    ("label probability summed", _probability_sum, 0.5),
    ("strongest finding's probability", _strongest, 0.5),
    ("strongest finding's probability", _strongest, 0.4),
)


def aggregated_listing(
    corpus: Corpus,
    council_names: dict[str, str],
    rule: Callable[[list[float], list[float]], float],
    threshold: float,
) -> Listing:
    """Councils listed when `rule` over their coded findings' evidence reaches threshold."""
    grouped: dict[tuple[str, str], list[CodedFinding]] = defaultdict(list)
    for item in CodeStore(corpus).coded_findings():
        grouped[item.code.theme_id, council_names[item.finding.council]].append(item)
    listing: Listing = {}
    for theme, codebook_id in CODEBOOK_ID.items():
        for polarity in POLARITIES:
            label = LABEL_OF_POLARITY[polarity]
            listing[theme, polarity] = {
                council
                for (theme_id, council), items in grouped.items()
                if theme_id == codebook_id
                and rule(
                    [label_probability(item, label) for item in items],
                    [
                        (item.finding.label_confidence or 0.0) * item.code.score
                        for item in items
                        if item.finding.label == label
                    ],
                )
                >= threshold
            }
    return listing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus-dir", type=Path, default=SHARED / "corpus")
    parser.add_argument("--yardstick", type=Path, default=SHARED / "themes" / "councils.json")
    parser.add_argument("--db", type=Path, help="Use (a copy of) this corpus instead.")
    parser.add_argument("--no-ablation", action="store_true", help="Skip the ablation.")
    arguments = parser.parse_args()
    verdicts, yardstick_council = readers_verdicts(arguments.yardstick)

    with tempfile.TemporaryDirectory() as scratch:
        path = prepared_corpus(arguments, Path(scratch))
        with Corpus(path) as corpus:
            council_names = {
                report.council: yardstick_council.get(Path(report.source_path).name, report.council)
                for report in corpus.reports()
            }
            refresh = code_corpus(corpus, default_codebook())
            record = refresh.record
            print(
                f"Coded with codebook {record.codebook_name!r} ({record.method}): "
                f"{record.findings_with_codes} of {record.findings_coded} findings have a code"
            )
            ours = codebook_listing(corpus, council_names, DEFAULT_EVIDENCE_THRESHOLD)
            baseline = keyword_listing(corpus, council_names)
            print(
                f"\n{len(verdicts)} theme/polarity pairs readers found in 3+ councils "
                "(n = councils readers agree have it). Codebook | keyword baseline\n"
            )
            print_table(verdicts, ours, baseline)
            if not arguments.no_ablation:
                ablation(corpus, verdicts, council_names)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
