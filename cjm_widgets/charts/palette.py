"""Series colours for any number of personas or metrics, readable on light and dark themes."""

from __future__ import annotations

import colorsys

__all__ = ["TEXT", "palette"]

# Okabe-Ito (colour-blind safe), mid-tones that read on white and on JupyterLab's dark grey.
_BASE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
_GOLDEN_ANGLE = 0.381966  # successive hues as far apart as possible, however many are asked for

# Text drawn inside a figure follows the JupyterLab theme (fallback: a dark grey for other front ends).
TEXT = "var(--jp-ui-font-color1, #333333)"


def palette(n: int) -> list[str]:
    """``n`` distinct colours: the colour-blind-safe base set first, then generated hues (no cap)."""
    colours = list(_BASE[:n])
    hue = 0.07
    while len(colours) < n:
        hue = (hue + _GOLDEN_ANGLE) % 1.0
        r, g, b = colorsys.hls_to_rgb(hue, 0.5, 0.65)
        colours.append(f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}")
    return colours
