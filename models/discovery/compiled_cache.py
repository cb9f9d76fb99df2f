"""UMAP's machine code kept on disk, so only the first fit after installing compiles it.

UMAP and pynndescent compile a few hundred functions with numba the first time each
process fits (30-100 s on two cores, most of a cold `themes`). pynndescent marks about
half of its own for numba's on-disk cache; UMAP marks one. Turning the cache on for the
rest stores their machine code where numba keeps pynndescent's (beside the installed
library, else numba's user cache folder), keyed by each function's source file, so the
same code is compiled once and results are unchanged.
"""

from __future__ import annotations

import sys
from functools import cache

# The packages whose numba functions UMAP runs during a fit.
_COMPILED_PACKAGES = ("umap", "pynndescent")


@cache
def cache_umap_machine_code() -> int:
    """Turn numba's on-disk cache on for UMAP's and pynndescent's compiled functions not
    already using it; returns how many (once per process: later calls return that)."""
    import umap  # noqa: F401  (imports the modules whose functions are turned on below)
    from numba.core.caching import NullCache
    from numba.core.dispatcher import Dispatcher

    enabled = 0
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] not in _COMPILED_PACKAGES or module is None:
            continue
        for value in list(vars(module).values()):
            # `_cache` is a NullCache unless the function was decorated with cache=True.
            if isinstance(value, Dispatcher) and isinstance(value._cache, NullCache):
                value.enable_caching()
                enabled += 1
    return enabled
