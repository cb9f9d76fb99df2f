"""`cqc-themes serve`: browse, search and share the corpus in a web browser (Datasette)."""

from __future__ import annotations

import webbrowser
from typing import Annotated

import typer

from cqc_themes.cli.context import fail, settings
from cqc_themes.cli.output import console
from cqc_themes.errors import CqcThemesError
from cqc_themes.serve import DEFAULT_HOST, DEFAULT_PORT, ServedCorpus, serve_corpus


def serve_command(
    ctx: typer.Context,
    port: Annotated[
        int,
        typer.Option(
            "--port", "-p", min=0, max=65535, help="Port to listen on (0 picks a free one)."
        ),
    ] = DEFAULT_PORT,
    host: Annotated[
        str,
        typer.Option("--host", help="Address to listen on; 0.0.0.0 shares it with your network."),
    ] = DEFAULT_HOST,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the home page in your web browser.")
    ] = False,
) -> None:
    """Serve the corpus read-only in a web browser: search, facets, CSV and JSON for every
    view, canned questions, and the digest at /digest. Ctrl-C stops it.

        cqc-themes serve

        cqc-themes --db corpus.sqlite serve --port 8080 --open
    """
    db = settings(ctx).db

    def ready(served: ServedCorpus) -> None:
        overview = served.overview
        console.print(
            f"Serving {db} ({overview.reports} reports, {overview.findings} findings; "
            f"{served.read_mode.value}) at {served.url}  (Ctrl-C to stop)",
            highlight=False,
            soft_wrap=True,
        )
        if open_browser:
            webbrowser.open(served.url)

    try:
        serve_corpus(db, host=host, port=port, on_ready=ready)
    except CqcThemesError as error:
        raise fail(str(error)) from None
    except KeyboardInterrupt:
        pass
    console.print("Stopped.")
