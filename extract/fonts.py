"""Font facts both PDF engines agree on."""

from __future__ import annotations

_BOLD_MARKERS = ("bold", "black", "heavy", "semibold", "demibold", "extrabold")


def is_bold_font(font_name: str) -> bool:
    """Embedded font names carry the weight ("ABCDEF+LiberationSerif-Bold")."""
    name = font_name.lower().split("+", 1)[-1]
    return any(marker in name for marker in _BOLD_MARKERS)
