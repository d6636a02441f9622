"""The report as an A4 PDF, drawn page by page with matplotlib's PdfPages.

matplotlib is already needed for the charts, so the PDF uses it too instead of adding an
HTML-to-PDF engine (which would want a browser or a native library on every machine).
Text is laid out with a small cursor measured in inches from the top of the page and
wrapped by display width, because matplotlib does not wrap Chinese text on its own.

Page plan (the tests rely on it): a cover; one page per chart; the best-service table
(:data:`TABLE_ROWS_PER_PAGE` rows a page); the warning cases (:data:`CASES_PER_PAGE` a page,
long text cut with "…", the HTML has it whole); the appendix, continued on further pages
if the rules run long.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.patches import Rectangle

from . import readings
from .charts import BLUE, CHARTS, GRAY, RED
from .data import ReportData
from .fmt import fmt_amount, fmt_int, fmt_pct, truncate, wrap
from .page import SECTION_NUMBERS, warnings_heading

A4 = (8.27, 11.69)
MARGIN = 0.7  # inches, left and right
TOP = 1.25  # where a page's body starts, inches from the top
BOTTOM = 11.0  # where it must end
TABLE_ROWS_PER_PAGE = 24
CASES_PER_PAGE = 5
INK = "#1d2733"


def _columns(size: float, width: float = A4[0] - 2 * MARGIN) -> int:
    """How many half-width columns of ``size``-pt text fit in ``width`` inches."""
    return int(width * 72 / (size / 2) * 0.96)


class _Cursor:
    """Writes lines of text down a page, tracking the position in inches from the top."""

    def __init__(self, fig: Figure, y: float = TOP) -> None:
        self.fig = fig
        self.y = y

    def line(self, text: str, size: float = 10.5, *, x: float = MARGIN, color: str = INK,
             weight: str = "normal", spacing: float = 1.55) -> None:
        self.y += size * spacing / 72
        self.fig.text(x / A4[0], 1 - self.y / A4[1], text, fontsize=size, color=color,
                      fontweight=weight, va="baseline", ha="left")

    def para(self, text: str, size: float = 10.5, *, max_lines: int | None = None,
             indent: float = 0.0, color: str = INK, weight: str = "normal") -> None:
        columns = _columns(size, A4[0] - 2 * MARGIN - indent)
        lines = wrap(text, columns)
        if max_lines is not None and len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = truncate(lines[-1], columns - 2, ellipsis="") + "…"
        for ln in lines:
            self.line(ln, size, x=MARGIN + indent, color=color, weight=weight)

    def gap(self, inches: float) -> None:
        self.y += inches


class _Pages:
    """Numbers pages and gives each the running header and footer."""

    def __init__(self, pdf: PdfPages, data: ReportData) -> None:
        self.pdf = pdf
        self.data = data
        self.number = 0

    def new(self, section: str, layout: ConstrainedLayoutEngine | None = None) -> Figure:
        self.number += 1
        fig = Figure(figsize=A4, layout=layout)
        if self.number > 1:
            running = f"{self.data.platform_name} · {self.data.year} 年度消费投诉报告"
            fig.text(MARGIN / A4[0], 1 - 0.45 / A4[1], running, fontsize=8, color=GRAY)
            fig.text(1 - MARGIN / A4[0], 1 - 0.45 / A4[1], section, fontsize=8, color=GRAY,
                     ha="right")
            fig.add_artist(Rectangle((MARGIN / A4[0], 1 - 0.55 / A4[1]),
                                     1 - 2 * MARGIN / A4[0], 0.6 / A4[1] / 72,
                                     transform=fig.transFigure, color=GRAY, linewidth=0))
        fig.text(0.5, 0.35 / A4[1], f"— {self.number} —", fontsize=8, color=GRAY, ha="center")
        return fig

    def save(self, fig: Figure) -> None:
        self.pdf.savefig(fig)


def _heading(cur: _Cursor, number: str, zh: str, en: str) -> None:
    cur.y = TOP - 0.35
    cur.line(f"{number}、{zh}" if number else zh, 17, color=BLUE, weight="bold")
    cur.line(en, 9, color=GRAY)
    cur.gap(0.1)


def write_pdf(data: ReportData, path: Path) -> Path:
    """Write the whole report to ``path`` and return it."""
    metadata = {
        "Title": f"{data.platform_name} {data.year} 年度消费投诉报告",
        "Author": "tousu",
        "Subject": f"Annual Consumer Complaint Report {data.year}",
        "Keywords": "投诉, 年度报告, 蓝皮书, tousu",
        "Creator": "tousu report",
        "CreationDate": data.generated_at,
    }
    with PdfPages(path, metadata=metadata) as pdf:
        pages = _Pages(pdf, data)
        _cover(pages, data, _contents(data))
        for i in range(len(CHARTS)):
            _chart_page(pages, data, i)
        for start, rows in _chunks(data.best_service, TABLE_ROWS_PER_PAGE):
            _table_page(pages, data, start, rows)
        for start, cases in _chunks(data.warnings, CASES_PER_PAGE):
            _cases_page(pages, data, start, cases)
        _appendix(pages, data)
    return path


def _pages_needed(items: list, size: int) -> int:
    return max(1, math.ceil(len(items) / size))


def _contents(data: ReportData) -> list[tuple[str, int]]:
    """Section titles with their first page, known before drawing from the page plan."""
    titles = [f"{SECTION_NUMBERS[i]}、{c.title_zh}" for i, c in enumerate(CHARTS)]
    entries = [(title, 2 + i) for i, title in enumerate(titles)]
    page = 2 + len(CHARTS)
    n = len(CHARTS)
    entries.append((f"{SECTION_NUMBERS[n]}、年度最佳客服", page))
    page += _pages_needed(data.best_service, TABLE_ROWS_PER_PAGE)
    entries.append((f"{SECTION_NUMBERS[n + 1]}、{warnings_heading(len(data.warnings))}", page))
    page += _pages_needed(data.warnings, CASES_PER_PAGE)
    entries.append(("附录：指标口径与评选规则", page))
    return entries


def _chunks(items: list, size: int) -> Iterator[tuple[int, list]]:
    """Slices of ``size``; at least one (possibly empty) so a section is never skipped."""
    for k in range(_pages_needed(items, size)):
        yield k * size, items[k * size:(k + 1) * size]


def _cover(pages: _Pages, data: ReportData, contents: list[tuple[str, int]]) -> None:
    fig = pages.new("封面")
    fig.add_artist(Rectangle((0, 1 - 3.6 / A4[1]), 1, 3.6 / A4[1], transform=fig.transFigure,
                             color=BLUE, linewidth=0))
    cur = _Cursor(fig, 0.9)
    cur.line(f"{data.platform_name} · 年度蓝皮书", 12, color="white")
    cur.gap(0.25)
    cur.line(f"{data.year} 年度消费投诉报告", 30, color="white", weight="bold")
    cur.line(f"Annual Consumer Complaint Report {data.year}", 13, color="white")
    cur.gap(0.15)
    cur.line(f"数据统计期：{data.year} 年 1 月 1 日至 12 月 31 日", 10, color="white")
    cur.line(f"生成时间：{data.generated_at:%Y-%m-%d %H:%M} · 本报告由平台数据自动生成，"
             "案例内容已脱敏。", 8.5, color="white")

    cur.y = 4.1
    cur.line("全年概览  Summary", 15, color=BLUE, weight="bold")
    items = readings.summary_items(data)
    box_w, box_h, gap = (A4[0] - 2 * MARGIN - 0.3) / 2, 1.05, 0.15
    top = cur.y + 0.2
    for k, item in enumerate(items):
        col, row = k % 2, k // 2
        x = MARGIN + col * (box_w + 0.3)
        y = top + row * (box_h + gap)
        fig.add_artist(Rectangle((x / A4[0], 1 - (y + box_h) / A4[1]), box_w / A4[0],
                                 box_h / A4[1], transform=fig.transFigure, color="#f0f3f7",
                                 linewidth=0))
        box = _Cursor(fig, y)
        box.line(item.label, 10, x=x + 0.2, color=GRAY)
        box.line(item.value, 20, x=x + 0.2, color=BLUE, weight="bold", spacing=1.35)
        box.line(truncate(item.note, 40), 9, x=x + 0.2, color=GRAY)
    cur.y = top + 3 * (box_h + gap) + 0.2
    cur.line("目录  Contents", 13, color=BLUE, weight="bold")
    for title, page in contents:
        cur.line(title, 10.5)
        fig.text(1 - MARGIN / A4[0], 1 - cur.y / A4[1], str(page), fontsize=10.5, ha="right",
                 va="baseline", color=GRAY)
    pages.save(fig)


def _chart_page(pages: _Pages, data: ReportData, index: int) -> None:
    chart = CHARTS[index]
    # The chart gets the band between the heading and the reading; constrained layout
    # keeps its tick labels inside that band.
    layout = ConstrainedLayoutEngine(rect=(0.06, 0.35, 0.88, 0.51), w_pad=0.05, h_pad=0.05)
    fig = pages.new(chart.title_zh, layout)
    cur = _Cursor(fig)
    _heading(cur, SECTION_NUMBERS[index], chart.title_zh, chart.title_en)
    chart.draw(fig, data)
    cur.y = 7.7
    cur.line("解读", 12, color=BLUE, weight="bold")
    cur.gap(0.05)
    cur.para(chart.reading(data), 11, max_lines=12)
    pages.save(fig)


def _table_page(pages: _Pages, data: ReportData, start: int, rows: list) -> None:
    fig = pages.new("年度最佳客服")
    cur = _Cursor(fig)
    idx = len(CHARTS)
    suffix = "（续）" if start else ""
    _heading(cur, SECTION_NUMBERS[idx], "年度最佳客服" + suffix, "Best customer service")
    cur.para(readings.best_service_reading(data), 10.5)
    if not rows:
        pages.save(fig)
        return
    top = cur.y + 0.2
    height = min(0.34 * (len(rows) + 1), BOTTOM - top)
    ax = fig.add_axes((MARGIN / A4[0], 1 - (top + height) / A4[1], 1 - 2 * MARGIN / A4[0],
                       height / A4[1]))
    ax.axis("off")
    cells = [
        [truncate(r.industry_zh, 18), truncate(r.merchant, 30), fmt_int(r.volume),
         fmt_int(r.resolved), fmt_pct(r.resolution_rate)]
        for r in rows
    ]
    table = ax.table(cellText=cells, colLabels=["行业", "商家", "投诉量", "已解决", "解决率"],
                     colWidths=[0.24, 0.37, 0.13, 0.13, 0.13], cellLoc="left", loc="upper center",
                     bbox=(0, 0, 1, 1))
    table.auto_set_font_size(False)
    table.set_fontsize(9.5)
    for (r, c), cell in table.get_celld().items():
        cell.set_edgecolor("#d9dee5")
        cell.set_linewidth(0.6)
        cell.PAD = 0.04  # relative to the cell's width: keep the wide merchant column tight
        if c >= 2:
            cell.get_text().set_horizontalalignment("right")
        if r == 0:
            cell.set_facecolor(BLUE)
            cell.get_text().set_color("white")
            cell.get_text().set_fontweight("bold")
        elif r % 2 == 0:
            cell.set_facecolor("#f5f7fa")
    pages.save(fig)


def _cases_page(pages: _Pages, data: ReportData, start: int, cases: list) -> None:
    heading = warnings_heading(len(data.warnings))
    fig = pages.new(heading)
    cur = _Cursor(fig)
    suffix = "（续）" if start else ""
    _heading(cur, SECTION_NUMBERS[len(CHARTS) + 1], heading + suffix, "Warning cases")
    if not start:
        note = "过长的文字在此截断，全文见 HTML 版。" if cases else ""
        cur.para(readings.warnings_reading(data) + note, 9.5, color=GRAY)
    slot = (BOTTOM - cur.y - 0.1) / CASES_PER_PAGE
    for rank, case in enumerate(cases, start=start + 1):
        y0 = cur.y + 0.12
        fig.add_artist(Rectangle((MARGIN / A4[0], 1 - (y0 + slot - 0.3) / A4[1]),
                                 0.035 / A4[0], (slot - 0.3) / A4[1],
                                 transform=fig.transFigure, color=RED, linewidth=0))
        c = _Cursor(fig, y0)
        x, inner = MARGIN + 0.15, A4[0] - 2 * MARGIN - 0.15
        c.line(truncate(f"No.{rank} · {case.ref} · {case.industry_zh} · {case.scenario_zh}",
                        _columns(8.5, inner)), 8.5, x=x, color=RED)
        c.line(truncate(case.title, _columns(11.5, inner) - 2), 11.5, x=x, weight="bold")
        c.line(truncate(f"涉诉商家：{case.merchant}    涉诉金额：{fmt_amount(case.amount)}",
                        _columns(9, inner)), 9, x=x, color=GRAY)
        c.para(case.summary, 9.5, max_lines=3, indent=0.15)
        c.para(f"入选理由：{case.reason}", 8.5, max_lines=2, indent=0.15, color=GRAY)
        cur.y = y0 + slot - 0.12
    pages.save(fig)


def _appendix(pages: _Pages, data: ReportData) -> None:
    title = "附录：指标口径与评选规则"
    fig = pages.new("附录")
    cur = _Cursor(fig)
    _heading(cur, "", title, "Appendix: definitions and rules")
    entries = list(data.rules.items()) or [("无", "")]
    for name, text in entries:
        lines = wrap(text, _columns(10)) if text else []
        if cur.y + 0.3 + 0.22 * min(len(lines), 3) > BOTTOM:  # keep a term with its start
            pages.save(fig)
            fig = pages.new("附录")
            cur = _Cursor(fig)
            _heading(cur, "", title + "（续）", "Appendix (continued)")
        cur.gap(0.08)
        cur.line(name, 11, color=BLUE, weight="bold")
        for ln in lines:
            if cur.y + 0.22 > BOTTOM:
                pages.save(fig)
                fig = pages.new("附录")
                cur = _Cursor(fig)
                _heading(cur, "", title + "（续）", "Appendix (continued)")
            cur.line(ln, 10)
    pages.save(fig)
