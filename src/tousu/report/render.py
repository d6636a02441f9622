"""Entry points: render the report to HTML + PDF, and rasterise the PDF for screenshots."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .charts import CHARTS, chart_svg, inline_svg
from .data import ReportData, ReportFiles
from .fonts import find_cjk_font, report_style, warn_if_missing
from .page import build_html
from .pdf import write_pdf


def report_stem(year: int) -> str:
    """Base name of every file of one year's report."""
    return f"tousu-report-{year}"


def render_report(data: ReportData, out_dir: Path) -> ReportFiles:
    """Write ``tousu-report-{year}.html`` and ``.pdf`` (and the charts as SVG) to ``out_dir``.

    The charts are also kept as ``tousu-report-{year}-{n}-{key}.svg`` next to the HTML for
    reuse in slides and docs; the HTML itself inlines them and needs no other file. Files are
    written under a temporary name and renamed, so a reader never sees half a report.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = report_stem(data.year)
    family = find_cjk_font()
    warn_if_missing(family)
    with report_style(family):
        svgs: dict[str, str] = {}
        charts: list[Path] = []
        for n, chart in enumerate(CHARTS, start=1):
            svg = chart_svg(chart, data)
            path = out_dir / f"{stem}-{n}-{chart.key}.svg"
            _write_text(path, svg)
            charts.append(path)
            svgs[chart.key] = inline_svg(svg, f"c{n}", f"{chart.title_zh} {chart.title_en}")
        html_path = out_dir / f"{stem}.html"
        _write_text(html_path, build_html(data, svgs))
        pdf_path = out_dir / f"{stem}.pdf"
        tmp = pdf_path.with_name(pdf_path.name + ".tmp")
        try:
            write_pdf(data, tmp)
            _readable(tmp)
            os.replace(tmp, pdf_path)
        finally:
            tmp.unlink(missing_ok=True)
    return ReportFiles(html=html_path, pdf=pdf_path, charts=charts)


def render_pngs(pdf: Path, out_dir: Path, scale: float = 1.5) -> list[Path]:
    """Rasterise every page of ``pdf`` to ``{stem}-page-NN.png`` in ``out_dir``.

    This is how the docs' screenshots are made. pypdfium2 is imported here, not at module
    level, so rendering the report itself does not need it installed. ``scale`` 1 is 72 dpi.
    """
    import pypdfium2 as pdfium

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf = Path(pdf)
    paths: list[Path] = []
    document = pdfium.PdfDocument(pdf)
    try:
        for i in range(len(document)):
            page = document[i]
            try:
                bitmap = page.render(scale=scale)
                image = bitmap.to_pil()
                path = out_dir / f"{pdf.stem}-page-{i + 1:02d}.png"
                image.save(path, format="PNG")
                paths.append(path)
            finally:
                page.close()
    finally:
        document.close()
    return paths


def _write_text(path: Path, text: str) -> None:
    """Atomic UTF-8 write: temporary file in the same directory, then rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        _readable(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _readable(path: Path | str) -> None:
    """Give the file the usual umask-based mode: mkstemp's 0600 would hide it from a web server."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)
