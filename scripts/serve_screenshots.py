"""Screenshots of `cqc-themes serve` for a person to look at: the first screen, a search.

    python scripts/serve_screenshots.py --db corpus.sqlite [--search carers] [--out shots/]

Starts the server on a free local port, has headless Chromium (Debian's chromium package)
photograph the home page, the findings view searched for a word, and the digest, then
stops the server with Ctrl-C as a person would. Prints the paths it wrote.
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from cqc_themes.offline_chromium import OFFLINE_CHROMIUM_FLAGS

CLI = Path(sys.executable).with_name("cqc-themes")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="the corpus to serve")
    parser.add_argument("--search", default="carers", help="word to search the findings for")
    parser.add_argument("--out", type=Path, default=Path("serve-screenshots"))
    parser.add_argument("--size", default="1280,900", help="window width,height in pixels")
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if not chromium:
        print("chromium not found: apt-get install chromium", file=sys.stderr)
        return 2
    server = subprocess.Popen(
        [str(CLI), "--db", str(args.db), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first_line = server.stdout.readline()
    match = re.search(r"at (http://\S+/)", first_line)
    if not match:
        server.kill()
        print(server.stderr.read().strip() or "cqc-themes serve did not start", file=sys.stderr)
        return 1
    url = match[1]
    search = f"{url}corpus/council_findings?{urlencode({'_search': args.search})}"
    width, height = args.size.split(",")
    # The search page is taken taller: column notes and facets come before its rows.
    pages = {
        "first-screen": (url, height),
        f"search-{args.search}": (search, str(int(height) * 2)),
        "digest": (f"{url}digest", height),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        for name, (page, page_height) in pages.items():
            shot = (args.out / f"serve-{name}.png").resolve()
            with tempfile.TemporaryDirectory() as profile:
                subprocess.run(
                    [
                        chromium,
                        *OFFLINE_CHROMIUM_FLAGS,
                        f"--user-data-dir={profile}",
                        f"--window-size={width},{page_height}",
                        f"--screenshot={shot}",
                        page,
                    ],
                    check=True,
                    capture_output=True,
                    timeout=120,
                )
            print(f"wrote {shot}  ({page})")
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
