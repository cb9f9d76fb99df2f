#!/usr/bin/env bash
# The demo: run the whole pipeline on the shipped sample reports (fictional councils).
# Usage: bash scripts/demo.sh   (after the install command in README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
cqc=".venv/bin/cqc-themes"
[ -x "$cqc" ] || cqc="cqc-themes"
export CQC_THEMES_DB="demo/corpus.sqlite"
mkdir -p demo

echo "== 1. ingest the sample reports into $CQC_THEMES_DB"
"$cqc" ingest samples/pdf
"$cqc" reports
echo "== 2. label every finding: strength, improvement or context"
"$cqc" classify
echo "== 3. code findings with the codebook's themes; discover themes beyond it"
"$cqc" themes --min-councils 3
"$cqc" themes matrix
echo "== 4. search by keyword and by meaning"
"$cqc" search '"unpaid carers"' --limit 3
"$cqc" search 'help for family members looking after a relative' --semantic --limit 3
echo "== 5. write the lessons-learned digest"
"$cqc" digest --out demo/digest
echo
echo "Open demo/digest/digest.html in a browser (it works offline)."
echo "The corpus is $CQC_THEMES_DB: try $cqc --db $CQC_THEMES_DB search 'occupational therap*' --label improvement"
