"""How headless Chromium is started on a machine with no internet.

Sample rendering, screenshots and the browser tests all start Debian's chromium the
same way: headless, with every background connection (updates, sync, QUIC, first-run
work) switched off, since each would wait on a network that is not there.
"""

from __future__ import annotations

OFFLINE_CHROMIUM_FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",  # runs as root in CI containers, where the sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
