"""Find a font with Chinese glyphs for matplotlib, and the style the report draws with.

matplotlib's default DejaVu Sans has no CJK glyphs: without a CJK font every heading and
axis label comes out as empty boxes. The font is looked up by family name among the fonts
matplotlib already indexed (no network, no bundled font files), and the style is applied
with :func:`matplotlib.rc_context` only while the report renders, so the Django process's
global matplotlib settings are left as they were.
"""

from __future__ import annotations

import functools
import warnings
from contextlib import AbstractContextManager
from typing import Any

import matplotlib
from matplotlib import font_manager

#: Families tried in order: simplified-Chinese faces first so 骨/直/写 get mainland forms.
CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "SimHei",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Droid Sans Fallback",
    "AR PL UMing CN",
)

MISSING_FONT_MESSAGE = (
    "No Chinese (CJK) font found for matplotlib; Chinese glyphs may be missing from the "
    "report's charts and PDF. `apt-get install fonts-noto-cjk` fixes it "
    "(then delete matplotlib's font cache if the font is still not found)."
)


@functools.cache
def find_cjk_font() -> str | None:
    """Return the first installed family of :data:`CJK_FAMILIES`, or None.

    Cached: scanning the font list is cheap, but a report renders many figures.
    """
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    # Last resort: any family that admits to being CJK by name.
    for name in sorted(installed):
        if any(tag in name for tag in ("CJK", "Han Sans", "WenQuanYi", "Hei")):
            return name
    return None


def report_style(cjk_family: str | None) -> AbstractContextManager[Any]:
    """matplotlib settings for the report, as a context manager.

    ``svg.fonttype = path`` turns glyphs into outlines so the inline SVG looks the same on a
    machine without Chinese fonts; ``svg.hashsalt`` and the fixed PDF font type keep the
    output stable between runs; ``axes.unicode_minus`` is off because CJK fonts often lack
    U+2212 and would print a box for negative numbers.
    """
    families = [cjk_family, "DejaVu Sans"] if cjk_family else ["DejaVu Sans"]
    return matplotlib.rc_context(
        {
            "font.family": "sans-serif",
            "font.sans-serif": families,
            "axes.unicode_minus": False,
            "svg.fonttype": "path",
            "svg.hashsalt": "tousu-report",
            "pdf.fonttype": 42,
            "pdf.compression": 6,
            "font.size": 10,
            "axes.titlesize": 12,
            "axes.titleweight": "bold",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": False,
            "figure.dpi": 100,
        }
    )


def warn_if_missing(cjk_family: str | None) -> None:
    """Warn (do not fail) when no CJK font exists: a report with boxes beats no report."""
    if cjk_family is None:
        warnings.warn(MISSING_FONT_MESSAGE, RuntimeWarning, stacklevel=3)
