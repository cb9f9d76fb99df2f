"""Where cqc-themes keeps what it can rebuild: fitted classifiers, exported ONNX graphs,
which corpus files passed their integrity check.

A module of its own so that code needing only the folder (a search exporting or loading
an encoder graph) does not import the classifier and scikit-learn: 2.4 s per command.
"""

from __future__ import annotations

import os
from pathlib import Path


def default_cache_dir() -> Path:
    """$XDG_CACHE_HOME/cqc-themes, else ~/.cache/cqc-themes."""
    cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache_home) / "cqc-themes"
