"""The digest as plain data: `digest.json`, and the source the other views render.

Theme objects carry `label` (the key scripts have always read) and `theme_name` (the
output contract's key) with the same value: the theme's name.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from cqc_themes.lessons.content import Digest, DigestTheme, QuotedFinding


def quote_json(quote: QuotedFinding) -> dict[str, Any]:
    return {"finding_id": quote.finding_id, "council": quote.council, "page": quote.page,
            "text": quote.text, "quality_statement": quote.quality_statement,
            "label": quote.label}


def theme_json(theme: DigestTheme) -> dict[str, Any]:
    return {
        "theme_id": theme.theme_id,
        "label": theme.label,
        "theme_name": theme.label,
        "kind": theme.kind,
        "keywords": list(theme.keywords),
        "councils": list(theme.councils),
        "council_count": theme.council_count,
        "shortfall_councils": list(theme.shortfall_councils),
        "strength_councils": list(theme.strength_councils),
        "council_polarities": [
            {"council": v.council, "polarity": v.polarity,
             "finding": quote_json(v.quote) if v.quote else None}
            for v in theme.verdicts
        ],
        "statement_counts": theme.statements,
        "label_counts": theme.label_split,
        "findings": [quote_json(q) for q in theme.findings],
    }


def digest_json(digest: Digest) -> dict[str, Any]:
    glance = digest.glance
    heatmap = digest.theme_heatmap
    return {
        "scope": digest.scope,
        "codebook": digest.codebook,
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
        "discovered": [theme_json(t) for t in digest.discovered],
        "themes": [theme_json(t) for t in digest.themes],
        "theme_matrix": {
            "themes": [{"theme_id": i, "theme_name": n} for i, n in heatmap.themes],
            "councils": [
                {"council": council, "polarities": list(row)}
                for council, row in zip(heatmap.councils, heatmap.cells, strict=True)
            ],
        },
        "differentiators": [
            {**asdict(d), "difference": round(d.difference, 3),
             "higher_share": round(d.higher_share, 3), "lower_share": round(d.lower_share, 3)}
            for d in digest.differentiators
        ],
        "statements": [asdict(s) for s in digest.statements],
        "notes": list(digest.notes),
    }
