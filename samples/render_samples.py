#!/usr/bin/env python3
"""Render the fictional sample council reports in samples/source/ to PDF.

The councils in samples/source/*.json are invented. Their text was written for
this project in the structure of a Care Quality Commission (CQC) local
authority assessment report, so that the parser and theme mining can be
demonstrated and unit-tested without shipping real report text.

For every source file this script builds an HTML page that resembles CQC's
report web page and prints it with headless Chromium to samples/pdf/<slug>.pdf.
It also rewrites samples/ground_truth.csv (same columns as the corpus
ground_truth.csv) from all source files.

Three layouts, chosen per council by the source field "layout":

* "browser": serif text on US Letter paper, printed with Chromium's own header
  and footer (date/time and page title at the top, file URL and "n/m" at the
  bottom), like a report page saved from a web browser.
* "branded": sans-serif text on A4 with different margins and heading sizes;
  Chromium's header/footer is switched off and the page carries its own running
  header ("Local authority assessment | <council>") and footer ("Care Quality
  Commission" ... "Page n of m") from CSS @page margin boxes.

* "foot-title": sans-serif text on A4 with only a printed page number at the foot of
  every page; the running title line ("<council> local authority assessment report")
  sits at the foot of just the two or three pages of the "Ensuring safety" theme
  (a CSS named page), so it repeats too seldom to look like furniture by count alone.

The overall score line follows the field "score_wording": "scored" prints
"<council> scored 69 out of 100 overall, indicating a good standard";
"overall_score" prints "Overall score: 69" and "Rating: Good".

Re-render everything (from the repository root):

    .venv/bin/python samples/render_samples.py

or one council only (the CSV is still rebuilt from every source file):

    .venv/bin/python samples/render_samples.py --only harrowfield

Options: --chromium PATH (default: $CHROMIUM or /usr/bin/chromium),
--keep-html (leave the intermediate HTML next to the PDFs for inspection).

Determinism: the HTML is written to a fixed path (<tmp>/cqc-samples/<slug>/
report.html) and the PDF CreationDate/ModDate are set to the publication date,
so "branded" PDFs are byte-identical between runs. "browser" PDFs still carry
the print date and time in Chromium's page header, which cannot be fixed.
Needs only the Python standard library and Chromium.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import html
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

from cqc_themes.offline_chromium import OFFLINE_CHROMIUM_FLAGS

HERE = pathlib.Path(__file__).resolve().parent
SOURCE_DIR = HERE / "source"
PDF_DIR = HERE / "pdf"
CSV_PATH = HERE / "ground_truth.csv"

STATEMENTS = [
    "Assessing needs",
    "Supporting people to live healthier lives",
    "Equity in experience and outcomes",
    "Care provision, integration and continuity",
    "Partnerships and communities",
    "Safe pathways, systems and transitions",
    "Safeguarding",
    "Governance, management and sustainability",
    "Learning, improvement and innovation",
]

# The theme whose pages carry the running title line in the "foot-title" layout.
TITLED_THEME = 2

THEMES = [
    ("Theme 1: How {council} works with people", STATEMENTS[0:3]),
    ("Theme 2: Providing support", STATEMENTS[3:5]),
    ("Theme 3: How {council} ensures safety within the system", STATEMENTS[5:7]),
    ("Theme 4: Leadership", STATEMENTS[7:9]),
]

SCORE_WORDS = {
    1: "Evidence shows significant shortfalls",
    2: "Evidence shows some shortfalls",
    3: "Evidence shows a good standard",
    4: "Evidence shows an exceptional standard",
}

RATING_PHRASE = {
    "Outstanding": "an outstanding standard",
    "Good": "a good standard",
    "Requires improvement": "a requires improvement standard",
    "Inadequate": "an inadequate standard",
}

SUBHEADINGS = {
    "What people expect",
    "The local authority commitment",
    "Key findings for this quality statement",
}

SUMMARY_HEADINGS = {
    "overview": "Summary of findings",
    "strengths_summary": "Summary of strengths, areas for development and next steps",
    "people_experience": "Summary of people's experiences",
}

CSV_COLUMNS = ["file", "council", "published", "overall_rating", "overall_score_100"] + STATEMENTS


# ---------------------------------------------------------------- styles

CSS_BROWSER = """
body { font-family: 'Liberation Serif', 'Times New Roman', serif; font-size: 11pt;
       line-height: 1.35; color: #000; margin: 0 0.35in; }
h1 { font-size: 21pt; margin: 0.1em 0 0.4em; }
h2 { font-size: 16pt; margin: 1.4em 0 0.5em; }
h3 { font-size: 13pt; margin: 1.2em 0 0.5em; }
h4 { font-size: 11pt; margin: 1.0em 0 0.4em; }
h5 { font-size: 10.5pt; margin: 0.9em 0 0.3em; }
p { margin: 0 0 0.75em; }
h1, h2, h3, h4, h5 { break-after: avoid; page-break-after: avoid; }
.published { margin-bottom: 1.5em; }
.rating-name { font-weight: bold; margin: 0; }
.rating-value { font-weight: bold; margin: 0 0 0.9em; }
table.scores { border-collapse: collapse; }
table.scores td { padding: 1px 14px 1px 2px; }
ul { margin: 0 0 0.8em; }
li { margin-bottom: 0.35em; }
"""

CSS_BRANDED = """
@page {
  size: A4;
  margin: 24mm 20mm 22mm 24mm;
  @top-left { content: "Local authority assessment | %(council_css)s";
              font: 8pt 'DejaVu Sans', sans-serif; color: #4a4a4a; vertical-align: bottom;
              padding-bottom: 3mm; }
  @top-right { content: "%(published_css)s"; font: 8pt 'DejaVu Sans', sans-serif;
               color: #4a4a4a; vertical-align: bottom; padding-bottom: 3mm; }
  @bottom-left { content: "Care Quality Commission"; font: 8pt 'DejaVu Sans', sans-serif;
                 color: #4a4a4a; vertical-align: top; padding-top: 3mm; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages);
                  font: 8pt 'DejaVu Sans', sans-serif; color: #4a4a4a;
                  vertical-align: top; padding-top: 3mm; }
}
body { font-family: 'DejaVu Sans', 'Liberation Sans', sans-serif; font-size: 9.5pt;
       line-height: 1.45; color: #1d1d1b; margin: 0; }
h1 { font-size: 17pt; color: #5c2d91; margin: 0 0 0.3em; font-weight: bold; }
h2 { font-size: 13.5pt; color: #5c2d91; margin: 1.6em 0 0.5em; padding-bottom: 2px;
     border-bottom: 1.5px solid #5c2d91; }
h3 { font-size: 11.5pt; color: #1d1d1b; margin: 1.3em 0 0.4em; }
h4 { font-size: 9.5pt; margin: 1.0em 0 0.35em; text-transform: none; color: #5c2d91; }
h5 { font-size: 9pt; margin: 0.9em 0 0.3em; font-style: italic; }
p { margin: 0 0 0.7em; }
h1, h2, h3, h4, h5 { break-after: avoid; page-break-after: avoid; }
.published { color: #4a4a4a; margin-bottom: 1.2em; }
.rating-box { border: 1px solid #b9a6d3; background: #f4f0f9; padding: 8px 12px;
              margin: 0.5em 0 1em; }
.rating-box p { margin: 0.15em 0; }
.rating-name { font-weight: bold; }
.rating-value { font-weight: bold; font-size: 11pt; }
.score-words { font-weight: bold; color: #5c2d91; }
table.scores { border-collapse: collapse; width: 100%%; }
table.scores td { padding: 3px 6px; border-bottom: 0.5px solid #d0d0d0; }
table.scores td.s { width: 18%%; text-align: left; }
ul { margin: 0 0 0.8em; padding-left: 1.4em; }
li { margin-bottom: 0.3em; }
"""

# The branded look without its running lines; the title line is added to the foot of
# the "titled" named page only (see build_html).
CSS_FOOT_TITLE = (
    """
@page {
  size: A4;
  margin: 22mm 20mm 24mm 22mm;
  @bottom-right { content: counter(page); font: 8pt 'DejaVu Sans', sans-serif;
                  color: #4a4a4a; vertical-align: top; padding-top: 3mm; }
}
@page titled {
  @bottom-left { content: "%(title_css)s"; font: 8pt 'DejaVu Sans', sans-serif;
                 color: #4a4a4a; vertical-align: top; padding-top: 3mm; }
}
.titled { page: titled; }
"""
    + CSS_BRANDED[CSS_BRANDED.index("body {"):]
)

# ---------------------------------------------------------------- HTML building


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def css_string(text: str) -> str:
    """Quote text for use inside a CSS string literal."""
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return out.replace("<", "\\3C ")  # never let "</style" end the style element


def render_chunk(chunk: str, *, sub_tag: str = "h4", fine_tag: str = "h5") -> str:
    """Turn one chunk (one paragraph per line) into HTML blocks."""
    out: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if items:
            out.append("<ul>\n" + "\n".join(f"<li>{esc(i)}</li>" for i in items) + "\n</ul>")
            items.clear()

    for raw in chunk.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("- "):
            items.append(line[2:].strip())
            continue
        flush()
        if line.startswith("## "):
            out.append(f"<{fine_tag}>{esc(line[3:].strip())}</{fine_tag}>")
        elif line in SUBHEADINGS:
            out.append(f"<{sub_tag}>{esc(line)}</{sub_tag}>")
        else:
            out.append(f"<p>{esc(line)}</p>")
    flush()
    return "\n".join(out)


def score_sentence(doc: dict) -> list[str]:
    council, rating, score = doc["council"], doc["overall_rating"], doc.get("overall_score_100")
    if doc.get("score_wording", "scored") == "overall_score":
        lines = [f"<p class=\"rating-value\">Rating: {esc(rating)}</p>"]
        if score is not None:
            lines.append(f"<p class=\"score-line\">Overall score: {score}</p>")
        return lines
    if score is None:
        return []
    phrase = RATING_PHRASE.get(rating, "a " + rating.lower() + " standard")
    return [f"<p>{esc(council)} scored {score} out of 100 overall, indicating {esc(phrase)}</p>"]


def build_html(doc: dict) -> str:
    council = doc["council"]
    layout = doc.get("layout", "browser")
    title = f"{council}: local authority assessment"
    sections = doc["sections"]
    by_kind: dict[str, list[dict]] = {}
    for sec in sections:
        by_kind.setdefault(sec["section"], []).append(sec)

    body: list[str] = [f"<h1>{esc(title)}</h1>",
                       f"<p class=\"published\">Assessment published: {esc(doc['published'])}</p>"]

    # About page first, as on the real report pages.
    for sec in by_kind.get("about", []):
        body.append(f"<h2>{esc(sec.get('heading') or 'About ' + council)}</h2>")
        for chunk in sec["chunks"]:
            body.append(render_chunk(chunk, sub_tag="h4", fine_tag="h4"))

    # Overall summary.
    body.append("<h2>Overall summary</h2>")
    body.append("<h3>Local authority rating and score</h3>")
    rating_block = [f"<p class=\"rating-name\">{esc(council)}</p>"]
    if doc.get("score_wording", "scored") != "overall_score":
        # "overall_score" wording prints the rating as "Rating: <rating>" instead.
        rating_block.append(f"<p class=\"rating-value\">{esc(doc['overall_rating'])}</p>")
    rating_block += score_sentence(doc)
    if layout == "branded":
        body.append("<div class=\"rating-box\">" + "\n".join(rating_block) + "</div>")
    else:
        body.extend(rating_block)

    body.append("<h3>Quality statement scores</h3>")
    rows = []
    for name in STATEMENTS:
        score = doc["qs_scores"].get(name)
        shown = "" if score is None else str(score)
        rows.append(f"<tr><td>{esc(name)}</td><td class=\"s\">Score: {shown}</td></tr>")
    body.append("<table class=\"scores\">\n" + "\n".join(rows) + "\n</table>")

    for kind in ("overview", "strengths_summary", "people_experience"):
        for sec in by_kind.get(kind, []):
            body.append(f"<h3>{esc(sec.get('heading') or SUMMARY_HEADINGS[kind])}</h3>")
            for chunk in sec["chunks"]:
                body.append(render_chunk(chunk))

    # Themes and quality statements.
    for theme_index, (theme_title, names) in enumerate(THEMES):
        titled = layout == "foot-title" and theme_index == TITLED_THEME
        if titled:
            body.append("<div class=\"titled\">")
        body.append(f"<h2>{esc(theme_title.format(council=council))}</h2>")
        for name in names:
            for sec in by_kind.get(name, []):
                score = sec.get("score", doc["qs_scores"].get(name))
                body.append(f"<h3>{esc(sec.get('heading') or name)}</h3>")
                if score is not None:
                    body.append(f"<p class=\"score\">Score: {score}</p>")
                    body.append(f"<p class=\"score-words\">{score} - {esc(SCORE_WORDS[score])}</p>")
                for chunk in sec["chunks"]:
                    body.append(render_chunk(chunk))
        if titled:
            body.append("</div>")

    # Extra sections the parser does not know about go after the themes.
    for sec in by_kind.get("other", []):
        body.append(f"<h2>{esc(sec.get('heading') or 'Further information')}</h2>")
        for chunk in sec["chunks"]:
            body.append(render_chunk(chunk, sub_tag="h3", fine_tag="h4"))

    if layout == "branded":
        css = CSS_BRANDED % {"council_css": css_string(council),
                             "published_css": css_string("Published " + doc["published"])}
    elif layout == "foot-title":
        css = CSS_FOOT_TITLE % {"title_css": css_string(f"{council} local authority assessment "
                                                       "report")}
    else:
        css = CSS_BROWSER
    return ("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{esc(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


# ---------------------------------------------------------------- printing


def pdf_date(published: str) -> bytes:
    """A fixed PDF date string of the same length Chromium writes."""
    try:
        day = dt.datetime.strptime(published, "%d %B %Y")
    except ValueError:
        day = dt.datetime(2024, 1, 1)
    return day.strftime("D:%Y%m%d120000+00'00'").encode("ascii")


def fix_pdf_dates(pdf: pathlib.Path, published: str) -> None:
    data = pdf.read_bytes()
    stamp = pdf_date(published)
    pattern = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]{0,7}\)")

    def repl(m: re.Match) -> bytes:
        new = b"/" + m.group(1) + b" (" + stamp + b")"
        # Keep byte offsets (xref table) valid: only replace if lengths agree.
        return new if len(new) == len(m.group(0)) else m.group(0)

    pdf.write_bytes(pattern.sub(repl, data))


def print_pdf(
    chromium: str, html_path: pathlib.Path, out: pathlib.Path, *, header_footer: bool
) -> None:
    profile = tempfile.mkdtemp(prefix="cqc-samples-profile-")
    try:
        cmd = [chromium, *OFFLINE_CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
        if not header_footer:
            cmd.append("--no-pdf-header-footer")
        cmd += [f"--print-to-pdf={out}", html_path.as_uri()]
        env = dict(os.environ, TZ="UTC")
        if out.exists():
            out.unlink()
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180, env=env)
        if proc.returncode != 0 or not out.exists() or out.stat().st_size == 0:
            sys.stderr.write(proc.stdout + proc.stderr)
            raise SystemExit(f"chromium failed to print {out}")
    finally:
        shutil.rmtree(profile, ignore_errors=True)


# ---------------------------------------------------------------- main


def load_sources() -> list[tuple[str, dict]]:
    docs = []
    for path in sorted(SOURCE_DIR.glob("*.json")):
        docs.append((path.stem, json.loads(path.read_text(encoding="utf-8"))))
    return docs


def check(slug: str, doc: dict) -> None:
    missing = [n for n in STATEMENTS if n not in doc.get("qs_scores", {})]
    if missing:
        raise SystemExit(f"{slug}: qs_scores lacks {missing}")
    if doc.get("layout", "browser") not in ("browser", "branded", "foot-title"):
        raise SystemExit(f"{slug}: unknown layout {doc.get('layout')!r}")


def write_csv(docs: list[tuple[str, dict]]) -> None:
    with CSV_PATH.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for slug, doc in docs:
            score = doc.get("overall_score_100")
            row = [f"{slug}.pdf", doc["council"], doc["published"], doc["overall_rating"],
                   "" if score is None else score]
            scores = doc["qs_scores"]
            row += ["" if scores.get(n) is None else scores[n] for n in STATEMENTS]
            writer.writerow(row)
    print(f"wrote {CSV_PATH.relative_to(HERE.parent)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", metavar="SLUG", action="append",
                    help="render only this council (file stem in samples/source); repeatable")
    ap.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    ap.add_argument("--keep-html", action="store_true", help="also write samples/pdf/<slug>.html")
    args = ap.parse_args(argv)

    docs = load_sources()
    if not docs:
        raise SystemExit(f"no source files in {SOURCE_DIR}")
    for slug, doc in docs:
        check(slug, doc)
    wanted = docs
    if args.only:
        known = {slug for slug, _ in docs}
        unknown = [s for s in args.only if s not in known]
        if unknown:
            raise SystemExit(f"unknown slug(s): {', '.join(unknown)}")
        wanted = [(s, d) for s, d in docs if s in args.only]

    PDF_DIR.mkdir(parents=True, exist_ok=True)
    work_root = pathlib.Path(tempfile.gettempdir()) / "cqc-samples"
    for slug, doc in wanted:
        page = build_html(doc)
        work = work_root / slug
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        html_path = work / "report.html"
        html_path.write_text(page, encoding="utf-8")
        out = PDF_DIR / f"{slug}.pdf"
        try:
            print_pdf(args.chromium, html_path, out,
                      header_footer=doc.get("layout", "browser") == "browser")
        finally:
            if args.keep_html:
                (PDF_DIR / f"{slug}.html").write_text(page, encoding="utf-8")
            shutil.rmtree(work, ignore_errors=True)
        fix_pdf_dates(out, doc["published"])
        print(f"wrote {out.relative_to(HERE.parent)}")
    write_csv(docs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
