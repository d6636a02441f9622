"""The report as one self-contained HTML page.

Self-contained means one file with inline CSS and inline SVG and no external URL at all:
the report is mailed, archived and opened offline, and a page that fetches fonts or scripts
would also tell a third party who read it. All text is escaped, because warning-case
titles and summaries are user text even after masking.
"""

from __future__ import annotations

from html import escape

from . import readings
from .charts import CHARTS
from .data import ReportData
from .fmt import fmt_amount, fmt_int, fmt_pct

SECTION_NUMBERS = "一二三四五六七八九十"

CSS = """
:root { --ink: #1d2733; --muted: #5f6b7a; --line: #d9dee5; --blue: #1f4e79; --red: #c0392b;
  --bg: #f5f7fa; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
  "WenQuanYi Micro Hei", sans-serif; color: var(--ink); line-height: 1.7; }
body { margin: 0 auto; max-width: 60rem; padding: 2rem 1.5rem 4rem; background: #fff; }
h1 { font-size: 2.1rem; margin: .2rem 0; color: var(--blue); }
h2 { font-size: 1.35rem; border-left: 5px solid var(--blue); padding-left: .6rem;
  margin: 2.4rem 0 1rem; }
h2 small, .subtitle { color: var(--muted); font-weight: normal; font-size: .85rem; }
.cover { border-bottom: 3px solid var(--blue); padding-bottom: 1.5rem; }
.eyebrow { color: var(--muted); margin: 0; letter-spacing: .1em; }
.meta { color: var(--muted); font-size: .85rem; }
.summary { display: grid; grid-template-columns: repeat(3, 1fr); gap: .8rem; margin-top: 1.2rem; }
.stat { background: var(--bg); border-radius: 6px; padding: .8rem 1rem; }
.stat .label { color: var(--muted); font-size: .85rem; }
.stat .value { display: block; font-size: 1.6rem; font-weight: bold; color: var(--blue); }
.stat .note { color: var(--muted); font-size: .8rem; }
.toc ol { columns: 2; padding-left: 0; list-style: none; }
.toc a { color: var(--blue); text-decoration: none; }
figure { margin: 0; }
figure svg { width: 100%; height: auto; display: block; }
.reading { background: var(--bg); border-left: 3px solid var(--line); padding: .6rem .9rem;
  margin: .6rem 0 0; }
table { width: 100%; border-collapse: collapse; font-size: .92rem; }
th, td { border-bottom: 1px solid var(--line); padding: .45rem .6rem; text-align: left; }
th { background: var(--bg); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.cases { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.case { border: 1px solid var(--line); border-top: 4px solid var(--red); border-radius: 6px;
  padding: .8rem 1rem; }
.case h3 { font-size: 1.02rem; margin: .2rem 0 .4rem; }
.case .rank { color: var(--red); font-weight: bold; }
.case .tags { color: var(--muted); font-size: .82rem; margin: 0; }
.case .summary-text { margin: .4rem 0; }
.case .amount { font-weight: bold; }
.case .reason { font-size: .85rem; color: var(--muted); margin: .3rem 0 0; }
dl.rules dt { font-weight: bold; margin-top: .8rem; }
dl.rules dd { margin: .2rem 0 0 1.2rem; }
.empty { color: var(--muted); }
footer { margin-top: 3rem; color: var(--muted); font-size: .8rem; border-top: 1px solid var(--line);
  padding-top: .8rem; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { max-width: none; padding: 0; }
  .toc { display: none; }
  h2 { break-after: avoid; }
  .chart-section, .case, tr, .stat { break-inside: avoid; }
  .cases { grid-template-columns: 1fr 1fr; }
  a { color: inherit; }
}
@media (max-width: 40rem) { .summary, .cases { grid-template-columns: 1fr; } }
"""


def _section_title(index: int, zh: str, en: str) -> str:
    return f"{SECTION_NUMBERS[index]}、{escape(zh)} <small>{escape(en)}</small>"


def warnings_heading(count: int) -> str:
    """"年度十大警示案例" when there are ten, otherwise no number is promised."""
    return "年度十大警示案例" if count == 10 else "年度警示案例"


def build_html(data: ReportData, svgs: dict[str, str]) -> str:
    """Assemble the page; ``svgs`` maps chart keys to SVG already made safe to inline."""
    title = f"{data.platform_name} {data.year} 年度消费投诉报告"
    stats = "".join(
        f'<div class="stat"><span class="label">{escape(item.label)}</span>'
        f'<span class="value">{escape(item.value)}</span>'
        f'<span class="note">{escape(item.note)}</span></div>'
        for item in readings.summary_items(data)
    )
    sections = [
        (chart.key, chart.title_zh) for chart in CHARTS
    ] + [
        ("best-service", "年度最佳客服"),
        ("warnings", warnings_heading(len(data.warnings))),
        ("appendix", "附录：指标口径与评选规则"),
    ]
    toc = "".join(
        f'<li><a href="#{key}">'
        f"{SECTION_NUMBERS[i] + '、' if i < len(sections) - 1 else ''}{escape(zh)}</a></li>"
        for i, (key, zh) in enumerate(sections)
    )

    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="tousu report">',
        f"<title>{escape(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        '<header class="cover">',
        f'<p class="eyebrow">{escape(data.platform_name)} · 年度蓝皮书</p>',
        f"<h1>{data.year} 年度消费投诉报告</h1>",
        f'<p class="subtitle">Annual Consumer Complaint Report {data.year}</p>',
        f'<p class="meta">数据统计期：{data.year} 年 1 月 1 日至 12 月 31 日 · '
        f"生成时间：{escape(data.generated_at.strftime('%Y-%m-%d %H:%M'))}</p>",
        f'<div class="summary">{stats}</div>',
        "</header>",
        f'<nav class="toc"><h2>目录 <small>Contents</small></h2><ol>{toc}</ol></nav>',
        "<main>",
    ]
    for i, chart in enumerate(CHARTS):
        parts.append(
            f'<section id="{chart.key}" class="chart-section">'
            f"<h2>{_section_title(i, chart.title_zh, chart.title_en)}</h2>"
            f"<figure>{svgs[chart.key]}</figure>"
            f'<p class="reading">{escape(chart.reading(data))}</p>'
            "</section>"
        )
    n = len(CHARTS)
    parts.append(_best_service(data, n))
    parts.append(_warnings(data, n + 1))
    parts.append(_appendix(data))
    parts += [
        "</main>",
        f"<footer>{escape(data.platform_name)} · {data.year} 年度消费投诉报告 · "
        "本报告由平台数据自动生成，案例内容已脱敏。</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _best_service(data: ReportData, index: int) -> str:
    rows = "".join(
        "<tr>"
        f"<td>{escape(r.industry_zh)}</td><td>{escape(r.merchant)}</td>"
        f'<td class="num">{fmt_int(r.volume)}</td><td class="num">{fmt_int(r.resolved)}</td>'
        f'<td class="num">{fmt_pct(r.resolution_rate)}</td>'
        "</tr>"
        for r in data.best_service
    )
    table = (
        "<table><thead><tr><th>行业</th><th>商家</th><th class=\"num\">投诉量</th>"
        f'<th class="num">已解决</th><th class="num">解决率</th></tr></thead><tbody>{rows}'
        "</tbody></table>"
        if data.best_service
        else ""
    )
    return (
        '<section id="best-service">'
        f"<h2>{_section_title(index, '年度最佳客服', 'Best customer service')}</h2>"
        f'<p class="reading">{escape(readings.best_service_reading(data))}</p>{table}</section>'
    )


def _warnings(data: ReportData, index: int) -> str:
    cards = "".join(
        '<article class="case">'
        f'<p class="tags"><span class="rank">No.{rank}</span> · {escape(w.ref)} · '
        f"{escape(w.industry_zh)} · {escape(w.scenario_zh)}</p>"
        f"<h3>{escape(w.title)}</h3>"
        f'<p class="tags">涉诉商家：{escape(w.merchant)} · '
        f'涉诉金额：<span class="amount">{escape(fmt_amount(w.amount))}</span></p>'
        f'<p class="summary-text">{escape(w.summary)}</p>'
        f'<p class="reason">入选理由：{escape(w.reason)}</p>'
        "</article>"
        for rank, w in enumerate(data.warnings, start=1)
    )
    heading = _section_title(index, warnings_heading(len(data.warnings)), "Warning cases")
    return (
        f'<section id="warnings"><h2>{heading}</h2>'
        f'<p class="reading">{escape(readings.warnings_reading(data))}</p>'
        f'<div class="cases">{cards}</div></section>'
    )


def _appendix(data: ReportData) -> str:
    items = "".join(
        f"<dt>{escape(name)}</dt><dd>{escape(text)}</dd>" for name, text in data.rules.items()
    )
    body = f'<dl class="rules">{items}</dl>' if items else '<p class="empty">无</p>'
    return (
        '<section id="appendix"><h2>附录：指标口径与评选规则 <small>Definitions</small></h2>'
        f"{body}</section>"
    )
