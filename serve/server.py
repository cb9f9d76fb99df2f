"""Datasette over the corpus, read-only, on a local port until Ctrl-C."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cqc_themes.corpus.browse import CorpusOverview, ReadMode, prepare_for_browsing, read_mode
from cqc_themes.errors import ServeError
from cqc_themes.serve.metadata import DATABASE_NAME, SETTINGS, datasette_metadata

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001


@dataclass(frozen=True)
class ServedCorpus:
    """What is being served, and where: for the command to tell the user."""

    url: str
    read_mode: ReadMode
    overview: CorpusOverview


def build_datasette(path: Path, overview: CorpusOverview):
    """A Datasette instance serving the corpus under the name `corpus`, read-only."""
    # Imported here so that every other command starts without loading Datasette.
    from datasette.app import Datasette
    from datasette.database import Database

    from cqc_themes.serve import plugin

    plugin.register()
    datasette = Datasette(metadata=datasette_metadata(overview), settings=SETTINGS)
    # Datasette adds an empty in-memory database when started without files; the home
    # page should list the corpus alone.
    datasette.remove_database("_memory")
    mutable = read_mode(path) is ReadMode.READ_ONLY  # Datasette then opens it with mode=ro
    datasette.add_database(
        Database(datasette, path=str(path.resolve()), is_mutable=mutable), name=DATABASE_NAME
    )
    return datasette


def _listening_socket(host: str, port: int) -> socket.socket:
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as error:
        raise ServeError(f"cannot listen on {host}:{port} ({error.strerror or error})") from None
    sock.listen()
    return sock


def serve_corpus(
    path: Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    on_ready: Callable[[ServedCorpus], None] | None = None,
) -> None:
    """Serves the corpus until interrupted; `on_ready` hears the URL once it listens."""
    import uvicorn

    path = Path(path)
    overview = prepare_for_browsing(path)
    datasette = build_datasette(path, overview)
    sock = _listening_socket(host, port)
    bound_port = sock.getsockname()[1]
    shown_host = f"[{host}]" if ":" in host else host
    served = ServedCorpus(f"http://{shown_host}:{bound_port}/", read_mode(path), overview)
    server = uvicorn.Server(uvicorn.Config(datasette.app(), log_level="warning", lifespan="on"))

    async def run() -> None:
        await datasette.invoke_startup()
        if on_ready:
            on_ready(served)
        await server.serve(sockets=[sock])

    try:
        asyncio.run(run())
    finally:
        sock.close()
