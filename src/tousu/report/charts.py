"""The report's five charts, drawn with matplotlib's object API (no pyplot).

Each ``draw_*`` function draws into any figure or sub-figure it is given. The same code
therefore makes the stand-alone SVG for the HTML and the chart area of a PDF page, so the
two formats cannot drift apart. pyplot is never imported: its global figure registry and
backend switching do not belong in a web process, and a bare :class:`Figure` renders with
Agg/SVG/PDF canvases offline.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from . import readings
from .data import ReportData
from .fmt import DASH, fmt_int, fmt_minutes, fmt_pct, month_label, truncate, wrap

FigureLike = Figure | SubFigure

BLUE = "#1f4e79"
LIGHT_BLUE = "#8fb3d9"
RED = "#c0392b"
GREEN = "#2a9d8f"
AMBER = "#e9a23b"
GRAY = "#8a94a0"

#: Stand-alone chart size in inches (SVG); PDF pages give the chart their own area.
CHART_SIZE = (8.0, 4.6)

_thousands = FuncFormatter(lambda v, _pos: f"{v:,.0f}")


@dataclass(frozen=True)
class Chart:
    """One chart: where it goes in the report and how to draw and read it."""

    key: str
    title_zh: str
    title_en: str
    draw: Callable[[FigureLike, ReportData], None]
    reading: Callable[[ReportData], str]


def _no_data(ax: Axes, text: str = readings.NO_DATA) -> None:
    """Replace an axes' content with a grey "无数据" so an empty year still renders."""
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=18,
            color=GRAY)


def _two_lines(name: str, width: int) -> str:
    """A long category name on two lines (cut after that) instead of tilted text."""
    lines = wrap(name, width)
    if len(lines) <= 2:
        return "\n".join(lines)
    return lines[0] + "\n" + truncate("".join(lines[1:]), width)


def draw_monthly(fig: FigureLike, data: ReportData) -> None:
    """Bars per month, the busiest month in red, each bar labelled with its count."""
    ax = fig.add_subplot()
    ax.set_title("月度投诉量  Monthly volume", loc="left")
    months = data.monthly_volume
    counts = [c for _, c in months]
    if not months or sum(counts) == 0:
        _no_data(ax)
        return
    top = int(np.argmax(counts))
    colors = [RED if i == top else BLUE for i in range(len(counts))]
    bars = ax.bar([month_label(k) for k, _ in months], counts, color=colors, width=0.7)
    ax.bar_label(bars, labels=[fmt_int(c) for c in counts], fontsize=8, padding=2)
    ax.yaxis.set_major_formatter(_thousands)
    ax.set_ylabel("投诉量（件）")
    ax.set_ylim(0, max(counts) * 1.15)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)


def draw_industries(fig: FigureLike, data: ReportData) -> None:
    """Horizontal bars, largest industry on top, labelled with count and share."""
    ax = fig.add_subplot()
    ax.set_title("各行业投诉量  Volume by industry", loc="left")
    rows = readings.industries_by_volume(data)
    total = sum(r.volume for r in rows)
    if not total:
        _no_data(ax)
        return
    names = [truncate(r.name_zh, 16) for r in rows]
    volumes = [r.volume for r in rows]
    bars = ax.barh(names, volumes, color=BLUE, height=0.65)
    ax.invert_yaxis()
    ax.bar_label(bars, labels=[f"{fmt_int(v)}（{fmt_pct(v / total)}）" for v in volumes],
                 fontsize=8, padding=3)
    ax.xaxis.set_major_formatter(_thousands)
    ax.set_xlim(0, max(volumes) * 1.25)
    ax.set_xlabel("投诉量（件）")
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)


def draw_pareto(fig: FigureLike, data: ReportData) -> None:
    """Scenario Pareto: bars largest first, cumulative share line, the top-10 cut marked."""
    ax = fig.add_subplot()
    ax.set_title(f"投诉场景帕累托图：{readings.top_label(data)}  Scenario Pareto", loc="left")
    rows = readings.sorted_scenarios(data)
    total = sum(c for _, c in rows)
    if not total:
        _no_data(ax)
        return
    x = np.arange(len(rows))
    counts = np.array([c for _, c in rows])
    cumulative = np.cumsum(counts) / total
    n = min(readings.TOP_N, len(rows))
    colors = [BLUE if i < n else LIGHT_BLUE for i in range(len(rows))]
    ax.bar(x, counts, color=colors, width=0.75)
    ax.set_xticks(x, [truncate(name, 12) for name, _ in rows], rotation=60, ha="right",
                  rotation_mode="anchor", fontsize=8)
    ax.yaxis.set_major_formatter(_thousands)
    ax.set_ylabel("投诉量（件）")
    ax.set_xlim(-0.6, len(rows) - 0.4)

    line = ax.twinx()
    line.spines["right"].set_visible(True)
    line.plot(x, cumulative, color=RED, marker="o", markersize=3, linewidth=1.5)
    line.set_ylim(0, 1.08)
    line.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    line.set_ylabel("累计占比")
    line.axhline(0.8, color=GRAY, linestyle="--", linewidth=0.8)
    line.text(len(rows) - 0.5, 0.8, "80%", color=GRAY, va="bottom", ha="right", fontsize=8)
    if n < len(rows):
        ax.axvline(n - 0.5, color=GRAY, linestyle=":", linewidth=1)
    line.annotate(
        f"前{n}类\n{fmt_pct(cumulative[n - 1])}",
        xy=(n - 1, cumulative[n - 1]),
        xytext=(n - 1 + 0.6, max(cumulative[n - 1] - 0.32, 0.12)),
        fontsize=9, color=RED, ha="left",
        arrowprops={"arrowstyle": "->", "color": RED, "linewidth": 0.8},
    )


_RATE_SERIES = (
    ("resolution_rate", "解决率", BLUE),
    ("on_time_response_rate", "按时响应率", GREEN),
    ("on_time_resolution_rate", "按时解决率", AMBER),
)


def draw_rates(fig: FigureLike, data: ReportData) -> None:
    """Grouped bars of the three rates per industry; a missing rate is a grey dash, not 0."""
    ax = fig.add_subplot()
    ax.set_title("各行业解决率与时效  Resolution & timeliness", loc="left")
    rows = readings.industries_by_volume(data)
    if not any(getattr(r, attr) is not None for r in rows for attr, _, _ in _RATE_SERIES):
        _no_data(ax)
        return
    x = np.arange(len(rows))
    width = 0.26
    ax.set_xlim(-0.6, len(rows) - 0.4)
    missing = False
    for i, (attr, label, color) in enumerate(_RATE_SERIES):
        offset = (i - 1) * width
        values = [getattr(r, attr) for r in rows]
        present = [(xi, v) for xi, v in zip(x, values, strict=True) if v is not None]
        ax.bar([p[0] + offset for p in present], [p[1] for p in present], width,
               color=color, label=label)
        for xi, v in zip(x, values, strict=True):
            if v is None:
                missing = True
                ax.text(xi + offset, 0.01, DASH, ha="center", va="bottom", color=GRAY,
                        fontsize=12, fontweight="bold")
    if data.totals.resolution_rate is not None:
        ax.axhline(data.totals.resolution_rate, color=BLUE, linestyle="--", linewidth=0.8,
                   alpha=0.7, label=f"全平台解决率 {fmt_pct(data.totals.resolution_rate)}")
    ax.set_xticks(x, [_two_lines(r.name_zh, 10) for r in rows], fontsize=9)
    ax.set_ylim(0, 1.12)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    ax.legend(loc="upper center", ncols=4, fontsize=8, frameon=False,
              bbox_to_anchor=(0.5, 1.0))
    if missing:
        # The x label is laid out with the axes, so the note stays next to the chart.
        ax.set_xlabel(f"注：“{DASH}”表示该项无数据（不是 0%）", loc="right", fontsize=8,
                      color=GRAY)


def draw_emergency(fig: FigureLike, data: ReportData) -> None:
    """Median and P90 time-to-human against the target, and the within-target share."""
    e = data.emergency
    if e.count == 0:
        ax = fig.add_subplot()
        ax.set_title("紧急投诉转人工时效  Emergency time to human", loc="left")
        _no_data(ax)
        return
    left, right = fig.subplots(1, 2, width_ratios=[2.2, 1])
    left.set_title("紧急投诉转人工时效  Emergency time to human", loc="left")
    labels = ["中位数", "P90"]
    values = [e.median_minutes, e.p90_minutes]
    shown = [v if v is not None else 0.0 for v in values]
    colors = [GREEN if v is not None and v <= e.target_minutes else RED for v in values]
    bars = left.barh(labels, shown, color=colors, height=0.45)
    left.set_ylim(1.7, -0.7)  # inverted: median on top, room above for the target label
    left.bar_label(bars, labels=[fmt_minutes(v) for v in values], padding=3, fontsize=9)
    left.axvline(e.target_minutes, color=GRAY, linestyle="--", linewidth=1)
    left.set_xlim(0, max([e.target_minutes, *shown]) * 1.35)
    left.text(e.target_minutes, -0.55, f" 目标 {e.target_minutes} 分钟", color=GRAY,
              fontsize=8, ha="left", va="center")
    left.set_xlabel(f"分钟（全年紧急投诉 {fmt_int(e.count)} 件；绿色：达标，红色：超过目标）")
    left.xaxis.set_major_locator(MaxNLocator(integer=True))

    right.set_title("目标内转人工占比", fontsize=10)
    rate = e.within_target_rate
    if rate is None:
        _no_data(right)
        return
    right.pie([rate, 1 - rate], colors=[GREEN, "#e6e9ed"], startangle=90, counterclock=False,
              wedgeprops={"width": 0.32, "edgecolor": "white"})
    right.text(0, 0, f"{fmt_pct(rate)}\n目标内", ha="center", va="center", fontsize=11,
               fontweight="bold", color=BLUE)
    right.set_aspect("equal")


CHARTS: tuple[Chart, ...] = (
    Chart("monthly", "投诉量月度分布", "Monthly volume", draw_monthly, readings.monthly_reading),
    Chart("industries", "行业分布", "Volume by industry", draw_industries,
          readings.industry_reading),
    Chart("scenarios", "投诉场景帕累托分析", "Scenario Pareto", draw_pareto,
          readings.scenario_reading),
    Chart("rates", "各行业解决率与时效", "Resolution and timeliness by industry", draw_rates,
          readings.rates_reading),
    Chart("emergency", "紧急投诉转人工时效", "Emergency time to human", draw_emergency,
          readings.emergency_reading),
)


def chart_svg(chart: Chart, data: ReportData) -> str:
    """Draw one chart on its own figure and return the SVG document as text.

    The SVG metadata carries no date, so the same data gives the same file.
    """
    fig = Figure(figsize=CHART_SIZE, layout="constrained")
    chart.draw(fig, data)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "tousu"})
    return buffer.getvalue()


_XML_PROLOGUE = re.compile(r"^\s*<\?xml[^>]*\?>\s*(<!DOCTYPE[^>]*>\s*)?", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)


def inline_svg(svg: str, prefix: str, label: str) -> str:
    """Make a stand-alone SVG safe to paste into HTML next to other SVGs.

    Drops the XML prologue and DOCTYPE (invalid inside HTML; the DOCTYPE names an external
    DTD) and the RDF metadata (namespace URLs), and prefixes every id so the glyph and
    clip-path ids of one chart cannot capture the references of another.
    """
    svg = _XML_PROLOGUE.sub("", svg, count=1)
    svg = _METADATA.sub("", svg)
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    # Let CSS size the chart from its viewBox: drop the root's fixed width and height.
    root_end = svg.index(">", svg.index("<svg")) + 1
    root = re.sub(r'\s(?:width|height)="[^"]*"', "", svg[:root_end])
    root = root.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)
    return root + svg[root_end:]
