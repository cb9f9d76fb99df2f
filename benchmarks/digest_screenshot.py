"""Render a digest's first screen to PNG with headless Chromium, for a person to look at.

    python benchmarks/digest_screenshot.py demo/digest/digest.html [--out shot.png]

Writes digest-first-screen.png beside the HTML unless --out is given. Needs Debian's
chromium package (`.ci/run` installs it).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from cqc_themes.offline_chromium import OFFLINE_CHROMIUM_FLAGS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", type=Path)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--size", default="1280,900", help="window width,height in pixels")
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if not chromium:
        print("chromium not found: apt-get install chromium", file=sys.stderr)
        return 2
    out = args.out or args.html.with_name("digest-first-screen.png")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium, *OFFLINE_CHROMIUM_FLAGS, f"--user-data-dir={profile}",
             f"--window-size={args.size}", f"--screenshot={out.resolve()}",
             args.html.resolve().as_uri()],
            check=True, capture_output=True, timeout=120,
        )
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
