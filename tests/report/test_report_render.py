"""The yearly report renders to a self-contained HTML page, an A4 PDF and PNG pages.

Rendered once per module from the package's made-up sample year (12 months, 8 industries,
21 scenarios, 10 warning cases), with one warning title turned hostile to prove escaping.
No database: the renderer only sees plain data.
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from datetime import datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from tousu.report import (
    EmergencySummary,
    IndustryRow,
    ReportData,
    Totals,
    find_cjk_font,
    render_pngs,
    render_report,
)
from tousu.report import render as render_module
from tousu.report.charts import CHARTS
from tousu.report.page import build_html
from tousu.report.sample import sample_data

HOSTILE_TITLE = '<script>alert("x")</script> & 某商家'
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# cover + 5 charts + best-service table + 10 cases at 5 a page + appendix
EXPECTED_PAGES = 1 + 5 + 1 + 2 + 1


def report_data() -> ReportData:
    data = sample_data(2026)
    first = dataclasses.replace(data.warnings[0], title=HOSTILE_TITLE)
    return dataclasses.replace(data, warnings=[first, *data.warnings[1:]])


def zero_year() -> ReportData:
    """A year without a single complaint: every rate None, every list empty or zero."""
    return ReportData(
        year=2025,
        generated_at=datetime(2026, 1, 2, 8, 0),
        monthly_volume=[(f"2025-{m:02d}", 0) for m in range(1, 13)],
        by_industry=[IndustryRow("电商平台", 0, None, None, None)],
        scenarios=[],
        emergency=EmergencySummary(0, None, None, None, 15),
        best_service=[],
        warnings=[],
        totals=Totals(0, 0, 0, None, None, None, 0),
        rules={"解决率": "已解决 ÷ 已结束。"},
    )


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    return report_data(), render_report(report_data(), out)


@pytest.fixture(scope="module")
def html(rendered) -> str:
    return rendered[1].html.read_text(encoding="utf-8")


def pdf_text(path: Path) -> list[str]:
    doc = pdfium.PdfDocument(path)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def test_sample_is_a_realistic_year():
    data = report_data()
    assert len(data.monthly_volume) == 12
    assert len(data.by_industry) == 8
    assert len(data.scenarios) == 21
    assert len(data.warnings) == 10
    assert data.best_service


def test_files_are_named_by_year(rendered):
    _, files = rendered
    assert files.html.name == "tousu-report-2026.html"
    assert files.pdf.name == "tousu-report-2026.pdf"
    assert len(files.charts) == 5
    for chart in files.charts:
        assert chart.suffix == ".svg"
        assert "<svg" in chart.read_text(encoding="utf-8")


def test_html_inlines_five_charts_with_unique_ids(html):
    assert len(re.findall(r"<svg\b", html)) == 5
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "chart ids must not collide across inline SVGs"
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html


def test_html_has_every_section_and_the_pareto_share(html):
    assert '<html lang="zh-CN">' in html
    for anchor in ("monthly", "industries", "scenarios", "rates", "emergency", "best-service",
                   "warnings", "appendix"):
        assert f'id="{anchor}"' in html
    assert "前10类" in html
    assert "年度十大警示案例" in html
    assert "年度最佳客服" in html


def test_html_lists_each_warning_case(rendered, html):
    data, _ = rendered
    for case in data.warnings:
        assert case.ref in html
    assert html.count('class="case"') == 10


def test_html_has_no_external_urls(html):
    for url in re.findall(r"""\b(?:src|href)\s*=\s*["']([^"']*)["']""", html):
        assert not url.startswith(("http://", "https://", "//")), url
    assert "@import" not in html and "url(http" not in html
    # The only URLs left are XML namespace names, which are never fetched.
    without_ns = re.sub(r'\sxmlns(?::\w+)?="[^"]*"', "", html)
    assert "http://" not in without_ns and "https://" not in without_ns


def test_html_escapes_user_text(html):
    assert "<script" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 某商家" in html


def test_missing_rates_are_explained(html):
    # The sample's last industry has no deadline data: the chart says "—" means no data.
    assert "标“—”者无数据" in html


def test_pdf_pages_and_metadata(rendered):
    _, files = rendered
    assert files.pdf.read_bytes().startswith(b"%PDF")
    doc = pdfium.PdfDocument(files.pdf)
    try:
        assert len(doc) == EXPECTED_PAGES
        meta = doc.get_metadata_dict()
    finally:
        doc.close()
    assert "2026" in meta["Title"] and "年度" in meta["Title"]
    assert meta["Author"] == "tousu"
    assert meta["CreationDate"].startswith("D:20270115")


def test_pdf_text_is_searchable_chinese(rendered):
    data, files = rendered
    pages = pdf_text(files.pdf)
    assert "年度消费投诉报告" in pages[0]
    assert "前10类" in pages[3]
    cases_text = pages[7] + pages[8]
    for case in data.warnings:
        assert case.ref in cases_text
    assert "警示案例" in pages[-1]  # the selection rule is in the appendix


def test_render_pngs_one_per_page(rendered, tmp_path):
    _, files = rendered
    pngs = render_pngs(files.pdf, tmp_path / "png", scale=0.5)
    assert len(pngs) == EXPECTED_PAGES
    assert [p.name for p in pngs][:2] == ["tousu-report-2026-page-01.png",
                                          "tousu-report-2026-page-02.png"]
    for png in pngs:
        assert png.read_bytes()[:8] == PNG_MAGIC


def test_zero_volume_year_renders_no_data(tmp_path):
    files = render_report(zero_year(), tmp_path)
    html = files.html.read_text(encoding="utf-8")
    assert len(re.findall(r"<svg\b", html)) == 5
    assert "无数据" in html
    assert '<span class="value">—</span>' in html  # None rates and satisfaction
    doc = pdfium.PdfDocument(files.pdf)
    try:
        pages = len(doc)
    finally:
        doc.close()
    assert pages == 1 + 5 + 1 + 1 + 1  # empty table and case pages still appear
    texts = pdf_text(files.pdf)
    assert "—" in texts[0]
    for chart_page in texts[1:6]:
        assert "无数据" in chart_page


def test_rendering_is_deterministic(tmp_path):
    first = render_report(zero_year(), tmp_path / "a")
    second = render_report(zero_year(), tmp_path / "b")
    assert first.html.read_bytes() == second.html.read_bytes()
    assert first.pdf.read_bytes() == second.pdf.read_bytes()


def test_none_rates_print_as_dash():
    # The page builder alone: no need to draw the charts again for this.
    data = report_data()
    best = [dataclasses.replace(data.best_service[0], resolution_rate=None),
            *data.best_service[1:]]
    totals = dataclasses.replace(data.totals, satisfaction=None, on_time_response_rate=None)
    data = dataclasses.replace(data, best_service=best, totals=totals)
    html = build_html(data, {chart.key: "<svg></svg>" for chart in CHARTS})
    assert '<td class="num">—</td>' in html
    assert '<span class="value">—</span>' in html
    assert "按时响应率 —" in html  # the rates reading says "—", not "0%"


def test_missing_cjk_font_warns_but_renders(tmp_path, monkeypatch):
    monkeypatch.setattr(render_module, "find_cjk_font", lambda: None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        files = render_report(zero_year(), tmp_path)
    messages = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    assert any("fonts-noto-cjk" in m for m in messages)
    assert files.pdf.exists() and files.html.exists()


def test_cjk_font_is_found_here():
    if not Path("/usr/share/fonts/opentype/noto").exists():
        pytest.skip("fonts-noto-cjk is not installed on this machine")
    assert find_cjk_font() is not None
