"""The yearly report (年度蓝皮书): HTML and PDF with charts, rendered from plain data.

Framework-free on purpose: nothing here imports Django. The Django layer collects the
numbers into a :class:`ReportData` and calls :func:`render_report`; tests and scripts can do
the same from a fixture. Warning cases are picked by :func:`select_warnings` under a
published :class:`WarningRule` and round-trip through an editable JSON draft.

Needs matplotlib (charts and PDF); :func:`render_pngs` also needs pypdfium2.
"""

from .cases import (
    WarningCandidate,
    WarningRule,
    WarningsFileError,
    load_warnings,
    save_warnings,
    select_warnings,
)
from .data import (
    BestServiceRow,
    EmergencySummary,
    IndustryRow,
    ReportData,
    ReportFiles,
    Totals,
    WarningCase,
)
from .fonts import find_cjk_font
from .render import render_pngs, render_report

__all__ = [
    "BestServiceRow",
    "EmergencySummary",
    "IndustryRow",
    "ReportData",
    "ReportFiles",
    "Totals",
    "WarningCandidate",
    "WarningCase",
    "WarningRule",
    "WarningsFileError",
    "find_cjk_font",
    "load_warnings",
    "render_pngs",
    "render_report",
    "save_warnings",
    "select_warnings",
]
