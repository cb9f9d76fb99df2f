"""Runs `cqc-themes serve` as a user would, on a free port, and stops it with Ctrl-C."""

from __future__ import annotations

import queue
import re
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

INSTALLED_CLI = Path(sys.executable).with_name("cqc-themes")
_URL = re.compile(r"at (http://\S+/)")
# Datasette's first start imports a lot; on a busy machine that takes a while.
START_TIMEOUT_S = 180


@dataclass
class RunningServer:
    process: subprocess.Popen[str]
    url: str
    first_line: str

    def stop(self) -> tuple[int, str, str]:
        """Ctrl-C, as a person would; returns (exit code, stdout, stderr)."""
        self.process.send_signal(signal.SIGINT)
        stdout, stderr = self.process.communicate(timeout=60)
        return self.process.returncode, stdout, stderr


def start_server(corpus: Path, *extra: str, prefix: tuple[str, ...] = ()) -> RunningServer:
    """`cqc-themes --db CORPUS serve --port 0`, once it says where it listens."""
    process = subprocess.Popen(
        [*prefix, str(INSTALLED_CLI), "--db", str(corpus), "serve", "--port", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(process.stdout.readline()), daemon=True).start()
    try:
        first_line = lines.get(timeout=START_TIMEOUT_S)
    except queue.Empty:
        process.kill()
        raise AssertionError("cqc-themes serve did not report its URL") from None
    match = _URL.search(first_line)
    if not match:
        process.kill()
        _, stderr = process.communicate(timeout=60)
        raise AssertionError(f"cqc-themes serve did not start: {first_line!r} {stderr!r}")
    return RunningServer(process, match[1], first_line)
