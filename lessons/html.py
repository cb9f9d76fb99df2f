"""The digest as one self-contained HTML page: inline CSS and SVG charts, no network.

All report text is escaped: a finding is data, never markup.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from cqc_themes.lessons import charts
from cqc_themes.lessons.content import HEADLINE_THEMES, Digest, DigestTheme

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #1f1f1f; line-height: 1.45; }
h1 { color: #4b3b8f; } h2 { border-bottom: 2px solid #4b3b8f; padding-bottom: .2rem; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; } .chart svg { max-width: 100%; height: auto; }
.theme { border-left: 4px solid #bbb; padding: .2rem 1rem; margin: 1rem 0; }
.theme.improvement { border-color: #d73027; } .theme.strength { border-color: #1b7837; }
blockquote { margin: .4rem 0; color: #333; } cite { color: #666; font-style: normal; }
table { border-collapse: collapse; margin: .5rem 0; } td, th { border: 1px solid #ddd;
        padding: .25rem .5rem; text-align: left; vertical-align: top; }
.note { background: #fff8e1; padding: .5rem; }
.columns { display: flex; flex-wrap: wrap; gap: 1.5rem; } .columns > div { flex: 1 1 16rem; }
.columns h3 { margin-bottom: .2rem; } ol { margin-top: .2rem; padding-left: 1.4rem; }
"""


# Where a quoted finding links to, given its id (serve points it at the finding's row);
# None leaves the citations as plain text, for the file written to disk.
FindingLink = Callable[[int], str] | None


def _citation(council: str, page: int, href: str | None, note: str | None = None) -> str:
    text = f"({escape(council)}, p. {page}{'; ' + escape(note) if note else ''})"
    return f'<a href="{escape(href)}">{text}</a>' if href else text


def _href(finding_id: int, finding_link: FindingLink) -> str | None:
    return finding_link(finding_id) if finding_link else None


def _theme(theme: DigestTheme, kind: str, finding_link: FindingLink) -> str:
    split = theme.label_split
    quotes = "".join(
        f"<blockquote>{escape(v.quote.text)} <cite>"
        f"{_citation(v.council, v.quote.page, _href(v.quote.finding_id, finding_link), v.polarity)}"
        "</cite></blockquote>"
        for v in theme.verdicts
        if v.quote is not None
    )
    statements = ", ".join(f"{escape(s)} ({n})" for s, n in list(theme.statements.items())[:4])
    return (
        f'<div class="theme {kind}" id="{kind}-{escape(theme.theme_id)}">'
        f"<h3>{escape(theme.label)}</h3>"
        f"<p><strong>{theme.council_count} councils</strong>: {escape(', '.join(theme.councils))}"
        f"<br>Keywords: {escape(', '.join(theme.keywords[:8]))}<br>Statements: {statements}"
        f"<br>Findings: {split['strength']} strength, {split['improvement']} improvement, "
        f"{split['context']} context</p>{quotes}</div>"
    )


def _headline_list(themes: tuple[DigestTheme, ...], kind: str, empty: str) -> str:
    if not themes:
        return f"<p>{escape(empty)}</p>"
    items = "".join(
        f"<li><a href='#{kind}-{escape(t.theme_id)}'>{escape(t.label)}</a>: "
        f"{t.council_count} councils</li>"
        for t in themes[:HEADLINE_THEMES]
    )
    more = (
        f"<p>... and {len(themes) - HEADLINE_THEMES} more below.</p>"
        if len(themes) > HEADLINE_THEMES
        else ""
    )
    return f"<ol>{items}</ol>{more}"


def _headlines(digest: Digest) -> str:
    return (
        "<section id='headlines'><h2>Headlines</h2><div class='columns'>"
        "<div><h3>Recurring shortfalls</h3>"
        + _headline_list(
            digest.improvements, "improvement", "No codebook theme recurs as a shortfall yet."
        )
        + "</div><div><h3>Recurring strengths</h3>"
        + _headline_list(
            digest.strengths, "strength", "No codebook theme recurs as a strength yet."
        )
        + "</div><div><h3>Discovered beyond the codebook</h3>"
        + _headline_list(
            digest.discovered[:5], "discovered", "No candidate recurs in three or more councils."
        )
        + "</div></div></section>"
    )


def _table(headers: list[str], rows: list[list[object]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _recurring_section(digest: Digest) -> str:
    chart = charts.recurring_chart(digest.improvements, digest.strengths)
    body = (
        f"<div class='chart' id='chart-recurring'>{chart}</div>"
        if chart
        else "<p>No theme recurs across councils yet.</p>"
    )
    return f"<section id='recurring'><h2>Recurring themes across councils</h2>{body}</section>"


def render_html(digest: Digest, finding_link: FindingLink = None) -> str:
    glance = digest.glance
    scope = "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in digest.scope.items())
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>cqc-themes digest</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>What CQC's assessments of councils are finding</h1>",
        f"<p>Scope: {escape(scope)}</p>" if scope else "",
        *[f"<p class='note'>{escape(note)}</p>" for note in digest.notes],
        _headlines(digest),
        "<section id='glance'><h2>The corpus at a glance</h2>",
        f"<p>{glance.reports} reports, {glance.findings} findings "
        f"({glance.labelled_findings} labelled).</p>",
        "<div class='charts'>",
        f"<div class='chart' id='chart-ratings'>{charts.ratings_chart(glance)}</div>",
        f"<div class='chart' id='chart-scores'>{charts.scores_chart(glance)}</div>",
        "</div>",
        f"<div class='chart' id='chart-heatmap'>{charts.heatmap_chart(glance)}</div>",
        "</section>",
        _recurring_section(digest),
        "<section id='theme-matrix'><h2>Council by theme</h2>",
        f"<div class='chart' id='chart-theme-heatmap'>"
        f"{charts.theme_heatmap_chart(digest.theme_heatmap) or '<p>No theme recurs yet.</p>'}"
        "</div></section>",
        "<section id='improvements'><h2>Recurring areas for improvement</h2>",
        "".join(_theme(t, "improvement", finding_link) for t in digest.improvements)
        or "<p>No theme recurs as a shortfall across councils yet.</p>",
        "</section><section id='strengths'><h2>Recurring strengths</h2>",
        "".join(_theme(t, "strength", finding_link) for t in digest.strengths)
        or "<p>No theme recurs as a strength across councils yet.</p>",
        "</section><section id='discovered'><h2>Themes discovered beyond the codebook</h2>",
        "<p>Themes found among findings no codebook theme covers, recurring in three or more "
        "councils: candidate codes. <code>cqc-themes codebook add ID</code> makes one a code.</p>",
        "".join(_theme(t, "discovered", finding_link) for t in digest.discovered)
        or "<p>No candidate theme recurs in three or more councils.</p>",
        "</section><section id='differentiators'>",
        "<h2>What separates higher- from lower-rated councils</h2>",
        "<p>Share of councils raising each theme as a strength or a shortfall: rated "
        "Outstanding or Good (higher) against Requires improvement or Inadequate (lower).</p>",
        _table(
            ["theme", "kind", "higher", "lower", "difference"],
            [
                [
                    d.label,
                    d.kind,
                    f"{d.higher_share:.0%} of {d.higher_councils}",
                    f"{d.lower_share:.0%} of {d.lower_councils}",
                    f"{d.difference:+.0%}",
                ]
                for d in digest.differentiators
            ],
        ),
        "</section><section id='statements'><h2>By quality statement</h2>",
        _table(
            ["statement", "mean score", "common strengths", "common shortfalls"],
            [
                [
                    s.quality_statement,
                    "" if s.mean_score is None else f"{s.mean_score:.2f}",
                    "; ".join(f"{m.label} ({m.councils})" for m in s.strengths),
                    "; ".join(f"{m.label} ({m.councils})" for m in s.shortfalls),
                ]
                for s in digest.statements
            ],
        ),
        "</section></body></html>",
    ]
    return "\n".join(part for part in parts if part)
