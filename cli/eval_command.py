"""`cqc-themes eval`: measure the models on labelled data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from cqc_themes.cli.context import fail, open_corpus, settings
from cqc_themes.cli.model_loading import load_shipped_classifier, print_notice
from cqc_themes.cli.output import console
from cqc_themes.domain import FINDING_LABELS
from cqc_themes.errors import CqcThemesError
from cqc_themes.models.training_data import read_labelled_findings

if TYPE_CHECKING:
    from cqc_themes.models.evaluation import Evaluation, Scores

eval_app = typer.Typer(help="Measure the models on labelled data.", no_args_is_help=True)


@eval_app.command("classifier")
def eval_classifier(
    ctx: typer.Context,
    labels_file: Annotated[
        Path,
        typer.Option("--labels", help="JSON lines, each with text and label (strength, "
                     "improvement or context); quality_statement, subheading and "
                     "statement_score if known."),
    ],
) -> None:
    """Score the finding classifier and two baselines on labelled findings.

    The classifier is the one the corpus (--db) uses: the shipped model, taught the
    corpus's corrections if it has any. The baselines are word lists and zero-shot
    similarity to label descriptions. Prints accuracy, macro-F1, per-label precision,
    recall and F1, confusion matrices and the model's calibration error. The last line
    printed is all of it as one JSON object, for scripts.

        cqc-themes eval classifier --labels held_out.jsonl

        cqc-themes --db my-corpus.sqlite eval classifier --labels held_out.jsonl
    """
    # Imported here: scikit-learn would add a second to the start-up of every command.
    from cqc_themes.models.evaluation import evaluate_classifier
    from cqc_themes.models.teaching import corpus_classifier

    try:
        findings = read_labelled_findings(labels_file)
        classifier = load_shipped_classifier()
        if settings(ctx).db.exists():
            with open_corpus(ctx) as corpus:
                classifier = corpus_classifier(corpus, classifier, on_notice=print_notice)
        evaluation = evaluate_classifier(findings, classifier)
    except CqcThemesError as error:
        raise fail(str(error)) from None
    _print_evaluation(evaluation)
    typer.echo(json.dumps(evaluation.as_dict()))


def _print_evaluation(evaluation: Evaluation) -> None:
    how = ", encoder fine-tuned" if evaluation.encoder_fine_tuned else ""
    which = (f"this corpus's model: the shipped one taught {evaluation.corrections} "
             f"correction(s){how}" if evaluation.corrections else "the shipped model")
    console.print(
        f"{evaluation.findings} labelled findings; {which}, {evaluation.model_version}",
        highlight=False,
    )
    if evaluation.taught:
        console.print(f"[yellow]warning:[/yellow] {evaluation.taught} of them were taught to "
                      "this corpus's model as corrections, so its figures flatter it")
    if evaluation.in_training_data:
        console.print(f"[yellow]warning:[/yellow] {evaluation.in_training_data} of them are "
                      "training sentences too, so the model's figures flatter it")
    summary = Table(title="Accuracy and F1 (overall, then per label)")
    for column in ("classifier", "accuracy", "macro-F1", *FINDING_LABELS):
        summary.add_column(column, justify="left" if column == "classifier" else "right")
    for scores in evaluation.results:
        summary.add_row(scores.name, f"{scores.accuracy:.3f}", f"{scores.macro_f1:.3f}",
                        *(f"{scores.per_label[label].f1:.3f}" for label in FINDING_LABELS))
    console.print(summary)
    console.print(f"Model calibration error (ECE, 10 bins; 0 is ideal): "
                  f"{evaluation.calibration_error:.3f}")
    for scores in evaluation.results:
        console.print(_label_table(scores))
        console.print(_confusion_table(scores))


def _label_table(scores: Scores) -> Table:
    table = Table(title=f"{scores.name}: per label")
    for column in ("label", "precision", "recall", "F1", "support"):
        table.add_column(column, justify="left" if column == "label" else "right")
    for label in FINDING_LABELS:
        figures = scores.per_label[label]
        table.add_row(label, f"{figures.precision:.3f}", f"{figures.recall:.3f}",
                      f"{figures.f1:.3f}", str(figures.support))
    return table


def _confusion_table(scores: Scores) -> Table:
    table = Table(title=f"{scores.name}: confusion (rows true, columns predicted)")
    table.add_column("true \\ predicted")
    for label in FINDING_LABELS:
        table.add_column(label, justify="right")
    for label, row in zip(FINDING_LABELS, scores.confusion, strict=True):
        table.add_row(label, *(str(n) for n in row))
    return table
