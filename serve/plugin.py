"""The Datasette plugin `cqc-themes serve` registers: read-only guards (on every corpus
connection, and on every request that is not a read) and the digest page beside the tables.

A POST never reaches Datasette: 0.65 answers one to a read-only canned query with an
internal error and a traceback on the server's terminal, where a refusal is the answer."""

from __future__ import annotations

import asyncio
from pathlib import Path

from datasette import Response, hookimpl
from datasette.plugins import pm

from cqc_themes.corpus.browse import FINDINGS_VIEW
from cqc_themes.errors import CqcThemesError
from cqc_themes.serve.metadata import DATABASE_NAME, DIGEST_PATH

PLUGIN_NAME = "cqc-themes"


def register() -> None:
    """Adds this module's hooks to Datasette's plugin manager (once per process)."""
    import cqc_themes.serve.plugin as plugin

    if not pm.is_registered(plugin):
        pm.register(plugin, name=PLUGIN_NAME)


@hookimpl
def prepare_connection(conn, database: str) -> None:
    # The corpus is opened read-only already (mode=ro or immutable=1); query_only also
    # stops Datasette's own write connection, should anything ask for one.
    if database == DATABASE_NAME:
        conn.execute("PRAGMA query_only = ON")


# Reading needs nothing but these; every other method asks to change something.
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
REFUSAL = b"This corpus is served read-only: nothing here can be changed.\n"


@hookimpl
def asgi_wrapper(datasette):
    def refuse_writes(app):
        async def guarded(scope, receive, send):
            if scope["type"] == "http" and scope["method"] not in READING_METHODS:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 405,
                        "headers": [
                            (b"content-type", b"text/plain; charset=utf-8"),
                            (b"allow", b"GET, HEAD, OPTIONS"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": REFUSAL})
                return
            await app(scope, receive, send)

        return guarded

    return refuse_writes


STYLESHEET_PATH = "/-/cqc-themes.css"
# Column descriptions as a compact two-column list, so the rows start on the first screen;
# the finding's text wide enough to read as a sentence.
STYLESHEET = """
dl.column-descriptions { display: grid; grid-template-columns: repeat(2, max-content 1fr);
    gap: .1rem .8rem; font-size: .85rem; margin: .5rem 0; }
dl.column-descriptions dt { font-weight: bold; }
dl.column-descriptions dd { margin: 0; color: #444; }
td.col-text { min-width: 28rem; }
"""


@hookimpl
def extra_css_urls():
    return [STYLESHEET_PATH]


@hookimpl
def register_routes():
    return [
        (rf"^{DIGEST_PATH}$", digest_page),
        (rf"^{STYLESHEET_PATH}$", stylesheet),
    ]


async def stylesheet() -> Response:
    return Response(STYLESHEET, content_type="text/css; charset=utf-8")


def finding_row_link(datasette, finding_id: int) -> str:
    """The findings view narrowed to one finding."""
    return f"{datasette.urls.table(DATABASE_NAME, FINDINGS_VIEW)}?finding_id={finding_id}"


async def digest_page(datasette, request) -> Response:
    from cqc_themes.serve.digest_page import served_digest_html

    path = Path(datasette.get_database(DATABASE_NAME).path)
    try:
        html = await asyncio.to_thread(
            served_digest_html, path, lambda finding_id: finding_row_link(datasette, finding_id)
        )
    except CqcThemesError as error:
        message = f"The digest could not be built: {error}"
        page = await datasette.render_template(
            "error.html",
            {"error": message, "title": "Digest unavailable", "status": 503},
            request=request,
        )
        return Response.html(page, status=503)
    return Response.html(html)
