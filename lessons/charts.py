"""The digest's charts, drawn with matplotlib as inline SVG (no files, no network).

SVG ids and metadata are fixed so the same data always gives byte-identical charts.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display: charts are only ever written to strings
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from cqc_themes.lessons.content import CorpusGlance, DigestTheme, ThemeHeatmap  # noqa: E402

_SHORT_STATEMENTS = (
    "Assessing needs", "Healthier lives", "Equity", "Care provision", "Partnerships",
    "Safe pathways", "Safeguarding", "Governance", "Learning",
)
_RATING_COLOURS = {
    "Outstanding": "#1b7837", "Good": "#7fbf7b", "Requires improvement": "#f1a340",
    "Inadequate": "#d73027", "Not printed": "#bdbdbd",
}
_STRENGTH_COLOUR = "#1b7837"
_IMPROVEMENT_COLOUR = "#d73027"
# Not raised, mentioned only, shortfall, both, strength: the order of the colour scale.
_POLARITY_SCALE = (None, "descriptive", "shortfall", "both", "strength")
_POLARITY_COLOURS = ("#ffffff", "#d9d9d9", _IMPROVEMENT_COLOUR, "#f1a340", _STRENGTH_COLOUR)
_POLARITY_MARKS = {"shortfall": "−", "strength": "+", "both": "±", "descriptive": "·"}

plt.rcParams.update({"svg.hashsalt": "cqc-themes", "font.size": 9, "svg.fonttype": "none"})


def _svg(figure: plt.Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # drop the XML prolog: the SVG sits inside HTML


def ratings_chart(glance: CorpusGlance) -> str:
    ratings = [r for r, n in glance.ratings.items() if n or r != "Not printed"]
    counts = [glance.ratings[r] for r in ratings]
    figure, axes = plt.subplots(figsize=(5, 2.2))
    axes.barh(ratings[::-1], counts[::-1], color=[_RATING_COLOURS[r] for r in ratings[::-1]])
    axes.set_xlabel("reports")
    axes.set_title("Overall ratings")
    axes.xaxis.get_major_locator().set_params(integer=True)
    return _svg(figure)


def scores_chart(glance: CorpusGlance) -> str:
    figure, axes = plt.subplots(figsize=(5, 2.2))
    scores = [score for _, score in glance.scores]
    axes.hist(scores, bins=range(0, 101, 10), color="#4b3b8f", edgecolor="white")
    axes.set_xlim(0, 100)
    axes.set_xlabel("score out of 100")
    axes.set_ylabel("reports")
    axes.set_title(f"Scores out of 100 ({len(scores)} reports print one)")
    axes.yaxis.get_major_locator().set_params(integer=True)
    return _svg(figure)


def heatmap_chart(glance: CorpusGlance) -> str:
    councils = [council for council, _ in glance.heatmap]
    grid = np.array(
        [[np.nan if s is None else s for s in scores] for _, scores in glance.heatmap],
        dtype=float,
    ).reshape(len(councils), len(_SHORT_STATEMENTS))
    figure, axes = plt.subplots(figsize=(7.5, 0.8 + 0.28 * max(len(councils), 1)))
    colours = matplotlib.colors.ListedColormap(
        ["#d73027", "#f1a340", "#7fbf7b", "#1b7837"]
    ).with_extremes(bad="#eeeeee")  # statements a report does not score show grey
    axes.imshow(grid, cmap=colours, vmin=0.5, vmax=4.5, aspect="auto")
    axes.set_xticks(range(len(_SHORT_STATEMENTS)), _SHORT_STATEMENTS, rotation=40, ha="right")
    axes.set_yticks(range(len(councils)), councils)
    for row, col in zip(*np.nonzero(~np.isnan(grid)), strict=True):
        axes.text(col, row, str(int(grid[row, col])), ha="center", va="center", fontsize=8)
    axes.set_title("Quality statement scores (1 = significant shortfalls ... 4 = exceptional)")
    return _svg(figure)


def recurring_chart(improvements: tuple[DigestTheme, ...], strengths: tuple[DigestTheme, ...],
                    top: int = 8) -> str | None:
    """Councils per recurring theme; None when nothing recurs (no empty axes)."""
    rows = [(t.label, t.council_count, _IMPROVEMENT_COLOUR) for t in improvements[:top]]
    rows += [(t.label, t.council_count, _STRENGTH_COLOUR) for t in strengths[:top]]
    if not rows:
        return None
    figure, axes = plt.subplots(figsize=(7.5, 0.8 + 0.3 * max(len(rows), 1)))
    labels = [label if len(label) < 60 else label[:57] + "..." for label, _, _ in rows]
    axes.barh(range(len(rows))[::-1], [n for _, n, _ in rows], color=[c for _, _, c in rows])
    axes.set_yticks(range(len(rows))[::-1], labels)
    axes.set_xlabel("councils")
    axes.set_title("Recurring areas for improvement (red) and strengths (green)")
    axes.xaxis.get_major_locator().set_params(integer=True)
    return _svg(figure)


def theme_heatmap_chart(heatmap: ThemeHeatmap) -> str | None:
    """Council x codebook theme, coloured by how each report raises each theme; None when
    no theme recurs (no empty axes)."""
    if not heatmap.themes or not heatmap.councils:
        return None
    grid = np.array([[_POLARITY_SCALE.index(p) for p in row] for row in heatmap.cells],
                    dtype=float)
    names = [name if len(name) < 40 else name[:37] + "..." for _, name in heatmap.themes]
    figure, axes = plt.subplots(figsize=(1.6 + 0.38 * len(names),
                                         1.6 + 0.28 * len(heatmap.councils)))
    colours = matplotlib.colors.ListedColormap(list(_POLARITY_COLOURS))
    axes.imshow(grid, cmap=colours, vmin=-0.5, vmax=len(_POLARITY_SCALE) - 0.5, aspect="auto")
    axes.set_xticks(range(len(names)), names, rotation=55, ha="right")
    axes.set_yticks(range(len(heatmap.councils)), heatmap.councils)
    for row, cells in enumerate(heatmap.cells):
        for col, polarity in enumerate(cells):
            if polarity:
                axes.text(col, row, _POLARITY_MARKS[polarity], ha="center", va="center",
                          fontsize=8, color="white" if polarity != "descriptive" else "black")
    axes.set_title("How each report raises each theme: red shortfall, green strength, "
                   "amber both, grey mentioned only")
    return _svg(figure)
