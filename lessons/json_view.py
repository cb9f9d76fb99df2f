"""The digest as plain data: `digest.json`, and the source the other views render."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from cqc_themes.lessons.content import Digest, DigestTheme


def theme_json(theme: DigestTheme) -> dict[str, Any]:
    return {
        "topic_id": theme.topic_id,
        "label": theme.label,
        "keywords": list(theme.keywords),
        "councils": list(theme.councils),
        "council_count": theme.council_count,
        "statements": theme.statements,
        "label_split": theme.label_split,
        "findings": [
            {"council": q.council, "page": q.page, "text": q.text,
             "quality_statement": q.quality_statement, "label": q.label,
             "finding_id": q.finding_id}
            for q in theme.findings
        ],
    }


def digest_json(digest: Digest) -> dict[str, Any]:
    glance = digest.glance
    return {
        "scope": digest.scope,
        "corpus": {
            "reports": glance.reports,
            "findings": glance.findings,
            "labelled_findings": glance.labelled_findings,
            "ratings": glance.ratings,
            "scores": [{"council": c, "score": s} for c, s in glance.scores],
            "statement_scores": [
                {"council": council, "scores": list(scores)} for council, scores in glance.heatmap
            ],
        },
        "improvements": [theme_json(t) for t in digest.improvements],
        "strengths": [theme_json(t) for t in digest.strengths],
        "themes": [theme_json(t) for t in digest.themes],
        "differentiators": [
            {**asdict(d), "difference": round(d.difference, 3),
             "higher_share": round(d.higher_share, 3), "lower_share": round(d.lower_share, 3)}
            for d in digest.differentiators
        ],
        "statements": [asdict(s) for s in digest.statements],
        "notes": list(digest.notes),
    }
