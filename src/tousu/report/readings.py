"""The computed sentences under each chart, and the numbers they are computed from.

A chart without a reading leaves every reader to find the point alone; a reading typed by
hand goes stale the moment the data is re-pulled. So each chart's paragraph is generated
from the same :class:`~tousu.report.data.ReportData` the chart is drawn from, and the HTML
and the PDF print the same text.
"""

from __future__ import annotations

from dataclasses import dataclass

from .data import IndustryRow, ReportData
from .fmt import DASH, fmt_amount, fmt_int, fmt_minutes, fmt_pct, fmt_stars, month_label

#: The Pareto chart and its reading talk about this many leading scenarios.
TOP_N = 10
NO_DATA = "无数据"


@dataclass(frozen=True)
class SummaryItem:
    """One headline number on the cover."""

    label: str
    value: str
    note: str = ""


def summary_items(data: ReportData) -> list[SummaryItem]:
    """The cover's numbers, in reading order; shared so HTML and PDF agree."""
    t, e = data.totals, data.emergency
    return [
        SummaryItem("全年投诉量", fmt_int(t.volume), "件"),
        SummaryItem("涉及商家", fmt_int(t.merchants), "家"),
        SummaryItem("已解决", fmt_int(t.resolved), f"解决率 {fmt_pct(t.resolution_rate)}"),
        SummaryItem("按时响应率", fmt_pct(t.on_time_response_rate), "商家在时限内首次回复"),
        SummaryItem("满意度", fmt_stars(t.satisfaction), f"{fmt_int(t.ratings)} 条评价"
                    + (f" · 电话回访 {fmt_int(t.callbacks)} 次，触达率 "
                       f"{fmt_pct(t.callback_reach_rate)}" if t.callbacks else "")),
        SummaryItem(
            "紧急投诉",
            fmt_int(e.count),
            f"{e.target_minutes} 分钟内转人工 {fmt_pct(e.within_target_rate)}",
        ),
    ]


def sorted_scenarios(data: ReportData) -> list[tuple[str, int]]:
    """Scenarios with complaints, largest first; ties by name so the order is stable."""
    return sorted(((n, c) for n, c in data.scenarios if c > 0), key=lambda s: (-s[1], s[0]))


def top_share(data: ReportData, n: int = TOP_N) -> float | None:
    """Share of all scenario-tagged complaints in the ``n`` largest scenarios."""
    rows = sorted_scenarios(data)
    total = sum(c for _, c in rows)
    return sum(c for _, c in rows[:n]) / total if total else None


def top_label(data: ReportData, n: int = TOP_N) -> str:
    """"前10类占 72.4%" — the phrase the Pareto chart's title and reading share."""
    rows = sorted_scenarios(data)
    k = min(n, len(rows)) if rows else n
    return f"前{k}类占 {fmt_pct(top_share(data, n))}"


def industries_by_volume(data: ReportData) -> list[IndustryRow]:
    """Industries, largest first (ties by name), the order both industry charts use."""
    return sorted(data.by_industry, key=lambda r: (-r.volume, r.name_zh))


def monthly_reading(data: ReportData) -> str:
    """Total, monthly mean, busiest and quietest month, and the half-year trend."""
    months = data.monthly_volume
    total = sum(c for _, c in months)
    if not months or total == 0:
        return f"{data.year} 年{NO_DATA}：全年未受理投诉。"
    top = max(months, key=lambda m: m[1])
    low = min(months, key=lambda m: m[1])
    mean = fmt_int(round(total / len(months)))
    text = (
        f"{data.year} 年全年共受理投诉 {fmt_int(total)} 件，月均 {mean} 件；"
        f"{month_label(top[0])}最多（{fmt_int(top[1])} 件），"
        f"{month_label(low[0])}最少（{fmt_int(low[1])} 件）。"
    )
    if len(months) == 12:
        first = sum(c for _, c in months[:6])
        second = sum(c for _, c in months[6:])
        if first:
            change = (second - first) / first
            trend = "增长" if change > 0 else "下降" if change < 0 else "持平"
            amount = "" if change == 0 else f" {fmt_pct(abs(change))}"
            text += f"下半年较上半年{trend}{amount}。"
    return text


def industry_reading(data: ReportData) -> str:
    """Which industries carry the volume, and how concentrated it is."""
    rows = [r for r in industries_by_volume(data) if r.volume > 0]
    total = sum(r.volume for r in rows)
    if not total:
        return f"各行业投诉量{NO_DATA}。"
    first = rows[0]
    text = (
        f"投诉量最多的行业是{first.name_zh}"
        f"（{fmt_int(first.volume)} 件，占 {fmt_pct(first.volume / total)}）"
    )
    if len(rows) > 1:
        text += "，其次为" + "、".join(r.name_zh for r in rows[1:3])
    if len(rows) > 3:
        top3 = sum(r.volume for r in rows[:3])
        text += f"；前三个行业合计占 {fmt_pct(top3 / total)}"
    return text + f"。共 {len(rows)} 个行业有投诉。"


def scenario_reading(data: ReportData) -> str:
    """The Pareto reading: how few scenarios make up most complaints."""
    rows = sorted_scenarios(data)
    total = sum(c for _, c in rows)
    if not total:
        return f"投诉场景{NO_DATA}。"
    name, count = rows[0]
    cumulative, needed = 0, len(rows)
    for i, (_, c) in enumerate(rows, start=1):
        cumulative += c
        if cumulative / total >= 0.8:
            needed = i
            break
    return (
        f"全年投诉分布在 {len(rows)} 类场景中，{top_label(data)}，"
        f"其中“{name}”最多（{fmt_int(count)} 件，占 {fmt_pct(count / total)}）。"
        f"累计占比达到 80% 需要前 {needed} 类场景：治理这些场景收益最大。"
    )


def rates_reading(data: ReportData) -> str:
    """Best and worst industry on resolution, worst on timeliness, and what "—" means."""
    rows = data.by_industry
    if not any(
        rate is not None
        for r in rows
        for rate in (r.resolution_rate, r.on_time_response_rate, r.on_time_resolution_rate)
    ):
        return f"各行业解决率与时效{NO_DATA}。"
    t = data.totals
    text = (
        f"全平台解决率 {fmt_pct(t.resolution_rate)}，"
        f"按时响应率 {fmt_pct(t.on_time_response_rate)}。"
    )
    rated = [r for r in rows if r.resolution_rate is not None]
    if rated:
        best = max(rated, key=lambda r: (r.resolution_rate, -r.volume))
        worst = min(rated, key=lambda r: (r.resolution_rate, r.volume))
        text += (
            f"解决率最高的行业为{best.name_zh}（{fmt_pct(best.resolution_rate)}），"
            f"最低为{worst.name_zh}（{fmt_pct(worst.resolution_rate)}）。"
        )
    timed = [r for r in rows if r.on_time_resolution_rate is not None]
    if timed:
        late = min(timed, key=lambda r: (r.on_time_resolution_rate, r.volume))
        text += f"按时解决率最低的是{late.name_zh}（{fmt_pct(late.on_time_resolution_rate)}）。"
    if any(
        None in (r.resolution_rate, r.on_time_response_rate, r.on_time_resolution_rate)
        for r in rows
    ):
        text += f"图中标“{DASH}”者无数据（当年无可计算的样本）。"
    return text


def emergency_reading(data: ReportData) -> str:
    """Time from an emergency complaint to a human, against the platform's target."""
    e = data.emergency
    if e.count == 0:
        return f"全年未识别到紧急投诉，转人工时效{NO_DATA}。"
    text = (
        f"全年识别紧急投诉 {fmt_int(e.count)} 件，平台承诺 {e.target_minutes} 分钟内转人工处理。"
        f"转人工时间中位数 {fmt_minutes(e.median_minutes)}，P90 为 {fmt_minutes(e.p90_minutes)}，"
        f"{fmt_pct(e.within_target_rate)} 在目标时间内完成。"
    )
    if e.p90_minutes is not None and e.p90_minutes > e.target_minutes:
        text += "P90 超过目标：仍有一成以上的紧急投诉等待过久，需要增加值班人手。"
    elif e.p90_minutes is not None:
        text += "P90 也在目标以内。"
    return text


def best_service_reading(data: ReportData) -> str:
    """One line above the best-service table."""
    if not data.best_service:
        return f"本年度最佳客服{NO_DATA}。"
    return f"共 {len(data.best_service)} 家商家入选，按行业列出，解决率与投诉量见下表。"


def warnings_reading(data: ReportData) -> str:
    """One line above the warning cases."""
    if not data.warnings:
        return f"本年度警示案例{NO_DATA}。"
    total = sum(w.amount for w in data.warnings)
    return (
        f"本年度选出 {len(data.warnings)} 个警示案例，涉诉金额合计 {fmt_amount(total)}。"
        "案例内容已脱敏，入选规则见附录。"
    )
