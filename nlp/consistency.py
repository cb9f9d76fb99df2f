"""Checks a report's facts against each other; disagreements become warnings, never errors."""

from __future__ import annotations

from cqc_themes.domain import STATEMENT_NAMES, expected_score_100


def consistency_warnings(
    rating: str | None,
    score_100: int | None,
    summary_scores: dict[str, int],
    section_scores: dict[str, int],
) -> list[str]:
    warnings = []
    if rating is None:
        warnings.append("no overall rating printed")
    statement_scores = {**section_scores, **summary_scores}
    missing = [name for name in STATEMENT_NAMES if name not in statement_scores]
    if missing:
        warnings.append(
            f"{len(STATEMENT_NAMES) - len(missing)} of 9 statement scores printed; "
            f"missing: {', '.join(missing)}"
        )
    for name, score in section_scores.items():
        if name in summary_scores and summary_scores[name] != score:
            warnings.append(
                f"'{name}' scores {summary_scores[name]} in the summary "
                f"but {score} in its section"
            )
    expected = expected_score_100(statement_scores)
    if score_100 is not None and expected is not None and expected != score_100:
        # 2025 reports can differ from the 2024 rule, so this is reported, not rejected.
        warnings.append(
            f"score {score_100}/100 differs from {expected}/100 worked out from the nine "
            "statement scores"
        )
    return warnings
