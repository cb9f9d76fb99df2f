"""The install gives one import package whose subpackages are the pipeline folders, a
public API that works without the CLI, and a start-up that does not pay for the models."""

from __future__ import annotations

import importlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cqc_themes

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize("stage", ["extract", "nlp", "models", "corpus", "cli"])
def test_each_pipeline_folder_imports_as_a_subpackage(stage: str) -> None:
    module = importlib.import_module(f"cqc_themes.{stage}")
    assert module.__name__ == f"cqc_themes.{stage}"


@pytest.mark.parametrize("name", cqc_themes.__all__)
def test_every_public_name_is_the_object_its_module_defines(name: str) -> None:
    exported = getattr(cqc_themes, name)
    module = importlib.import_module(cqc_themes._EXPORTS[name])
    assert exported is getattr(module, name)


def test_the_public_names_are_exactly_the_lazy_exports() -> None:
    assert sorted(cqc_themes.__all__) == sorted(cqc_themes._EXPORTS)
    with pytest.raises(AttributeError, match="no attribute 'Corpse'"):
        cqc_themes.Corpse  # noqa: B018


def _modules_loaded_by(statement: str) -> list[str]:
    probe = (
        f"{statement}\n"
        "import json, sys\n"
        "print(json.dumps([m for m in sys.modules if m.split('.')[0] in ('sklearn', 'torch',"
        " 'scipy') or m.startswith('cqc_themes.models')]))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_the_corpus_loads_no_model_code() -> None:
    assert _modules_loaded_by("import cqc_themes.corpus") == []
    assert _modules_loaded_by("from cqc_themes import Corpus, FindingFilter, ingest") == []


def test_cli_help_loads_no_model_code() -> None:
    statement = (
        "import sys\n"
        "sys.argv = ['cqc-themes', '--help']\n"
        "from cqc_themes.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert _modules_loaded_by(statement) == []


def test_the_readme_python_example_runs_as_written(tmp_path: Path, sample_pdfs: list[Path]) -> None:
    [example] = re.findall(
        r"From Python, no CLI needed:\n\n```python\n(.*?)```",
        README.read_text(encoding="utf-8"),
        re.S,
    )
    reports = tmp_path / "reports"
    reports.mkdir()
    for pdf in sample_pdfs[:2]:
        shutil.copy(pdf, reports / pdf.name)
    done = subprocess.run(
        [sys.executable, "-c", example],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    printed = done.stdout.splitlines()
    assert printed, "the example should print the findings it finds"
    assert all("reablement" in line.lower() for line in printed)
    assert (tmp_path / "corpus.sqlite").exists()
