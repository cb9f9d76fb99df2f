"""The user cache folder, for models/taught_encoder.py, which imports it from here.

The folder now lives in cqc_themes/user_cache.py (corpus/ needs it too, without loading
models/). taught_encoder.py keeps this import because its code names the version of every
encoder taught a corpus's corrections: editing the import would make each such corpus
re-teach, although nothing that decides a label changed.
"""

from cqc_themes.user_cache import default_cache_dir

__all__ = ["default_cache_dir"]
