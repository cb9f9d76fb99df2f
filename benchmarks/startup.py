"""Start-up cost: what `import cqc_themes.corpus`, `cqc-themes --help` and
`cqc-themes search --keyword` import, and how long the CLI takes to start.

    python benchmarks/startup.py [--python PATH] [--repeat 7]

`--python` picks the interpreter (and so the install) to measure, e.g. an older
checkout's venv for a before/after comparison. Each figure is the median of fresh
processes; nothing here is asserted in a test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pdf"
HEAVY_MODULES = (
    "numpy",
    "scipy",
    "sklearn",
    "torch",
    "transformers",
    "sentence_transformers",
    "bertopic",
    "spacy",
)

# Runs a statement (or the CLI with argv) in a fresh interpreter and reports which heavy
# modules, and which of the project's model modules, it imported.
_PROBE = """
import json, sys
argv, heavy_names = json.loads(sys.argv[1]), json.loads(sys.argv[2])
if argv:
    sys.argv = ["cqc-themes", *argv]
    from cqc_themes.cli.app import main
    try:
        main()
    except SystemExit:
        pass
else:
    import cqc_themes.corpus
heavy = [name for name in heavy_names if name in sys.modules]
models = sorted(name for name in sys.modules if name.startswith("cqc_themes.models"))
print(json.dumps({"heavy": heavy, "models": models}), file=sys.stderr)
"""


def probe(python: str, argv: list[str]) -> dict[str, list[str]]:
    done = subprocess.run(
        [python, "-c", _PROBE, json.dumps(argv), json.dumps(HEAVY_MODULES)],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


def median_seconds(command: list[str], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    cli = [args.python, "-c", "from cqc_themes.cli.app import main; main()"]
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "corpus.sqlite")
        pdfs = sorted(str(path) for path in SAMPLES.glob("*.pdf"))[:2]
        subprocess.run(
            [*cli, "--db", db, "ingest", "--workers", "1", *pdfs], capture_output=True, check=True
        )
        search = ["--db", db, "search", "--keyword", "carers"]
        print(f"interpreter: {args.python}")
        for name, argv in (
            ("import cqc_themes.corpus", []),
            ("cqc-themes --help", ["--help"]),
            ("cqc-themes search --keyword", search),
        ):
            loaded = probe(args.python, argv)
            print(
                f"{name}: heavy modules {loaded['heavy'] or 'none'}; "
                f"model modules {loaded['models'] or 'none'}"
            )
        for name, argv in (
            ("cqc-themes --help", ["--help"]),
            ("cqc-themes search --keyword carers", search),
        ):
            seconds = median_seconds([*cli, *argv], args.repeat)
            print(f"{name}: {seconds:.2f} s (median of {args.repeat})")


if __name__ == "__main__":
    main()
