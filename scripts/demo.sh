#!/usr/bin/env bash
# The demo: run the whole pipeline on the shipped sample reports (fictional councils).
# Usage: bash scripts/demo.sh   (after the install command in README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
cqc=".venv/bin/cqc-themes"
[ -x "$cqc" ] || cqc="cqc-themes"
db="demo/corpus.sqlite"
mkdir -p demo
export CQC_THEMES_DB="$db"

echo "== ingest the sample reports into $db"
"$cqc" ingest samples/pdf
echo "== the reports"
"$cqc" reports
echo "== keyword search: \"unpaid carers\""
"$cqc" search '"unpaid carers"' --limit 5
echo
echo "Corpus: $db. Try: $cqc --db $db search 'occupational therap*' --rating inadequate"
