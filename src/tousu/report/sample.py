"""A realistic, made-up year of data, for tests, docs screenshots and trying the layout.

Deterministic for a given year (a seeded :class:`random.Random`), so screenshots and tests
do not change between runs. The numbers are invented; the shapes are realistic: a
long-tailed scenario distribution, a seasonal month curve (the 618 and Double 11 peaks),
industries with very different volumes, one industry without deadline data.
"""

from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal

from .cases import WarningCandidate, WarningRule, select_warnings
from .data import BestServiceRow, EmergencySummary, IndustryRow, ReportData, Totals

INDUSTRIES = (
    "电商平台", "网约车与共享出行", "在线教育", "消费金融", "通信运营商", "旅游出行", "快递物流",
    "游戏与娱乐",
)
SCENARIOS = (
    "退款难", "虚假宣传", "商品质量问题", "发货延迟", "自动续费", "客服不回应", "霸王条款",
    "暴力催收", "乱扣费", "账号被封", "价格欺诈", "售后维修难", "退订难", "个人信息泄露",
    "银行卡被盗刷", "押金不退", "课程退费难", "航班取消退改", "快递丢件", "虚拟物品纠纷",
    "身份被冒用借贷",
)
MERCHANTS = {
    "电商平台": ("某东商城", "拼多宝", "淘优选"),
    "网约车与共享出行": ("滴嗒出行", "哈喽单车"),
    "在线教育": ("学而优网校", "猿辅导班"),
    "消费金融": ("闪借钱包", "分期乐享", "安心贷"),
    "通信运营商": ("某移动分公司", "某联通营业厅"),
    "旅游出行": ("去哪游", "携游旅行"),
    "快递物流": ("顺达快递", "中远物流"),
    "游戏与娱乐": ("星辰游戏", "乐玩互娱"),
}
#: Which scenarios plausibly happen in which industry, so the sample cases read sensibly.
INDUSTRY_SCENARIOS = {
    "电商平台": ("退款难", "虚假宣传", "商品质量问题", "发货延迟", "价格欺诈", "售后维修难"),
    "网约车与共享出行": ("乱扣费", "押金不退", "客服不回应", "个人信息泄露"),
    "在线教育": ("课程退费难", "自动续费", "霸王条款", "虚假宣传"),
    "消费金融": ("暴力催收", "身份被冒用借贷", "银行卡被盗刷", "乱扣费"),
    "通信运营商": ("乱扣费", "退订难", "自动续费", "个人信息泄露"),
    "旅游出行": ("航班取消退改", "退款难", "霸王条款"),
    "快递物流": ("快递丢件", "发货延迟", "客服不回应"),
    "游戏与娱乐": ("账号被封", "虚拟物品纠纷", "自动续费", "退款难"),
}
_SEASON = (0.85, 0.7, 0.9, 0.92, 0.98, 1.25, 1.05, 1.0, 0.95, 1.02, 1.45, 1.2)


def sample_rule_texts(rule: WarningRule) -> dict[str, str]:
    """Example definitions for the appendix (the Django layer supplies the real ones)."""
    return {
        "投诉量": "统计期内提交并通过审核的投诉件数，按提交时间计入月份；集体投诉按 1 件计。",
        "解决率": "已解决的投诉数 ÷ 统计期内已结束处理的投诉数。“已解决”指消费者确认解决，或"
        "消费者 7 天内未回应、由平台审核判定已解决。",
        "按时响应率": "商家在响应时限（受理后 2 个工作日）内首次回复的投诉数 ÷ 应响应的投诉数。",
        "按时解决率": "在处理时限（受理后 15 个工作日）内解决的投诉数 ÷ 已到期的投诉数。",
        "满意度": "消费者对处理结果的 1–5 星评分的平均值；每件投诉只可评价一次，评价后不可修改。",
        "紧急投诉转人工时效": "从紧急投诉提交到人工客服接手的时间；P90 指 90% 的紧急投诉"
        "在该时间内被接手。",
        "最佳客服": "各行业中年度投诉量不少于 100 件的商家里，解决率最高者；解决率相同时"
        "按时响应率高者优先。",
        "无数据（—）": "当年没有可计算的样本（例如没有到期的投诉），不等于 0%。",
        "警示案例": rule.describe_zh(),
    }


def sample_candidates(year: int, count: int = 80) -> list[WarningCandidate]:
    """Made-up candidate complaints with masked titles, some private, some collective."""
    rng = random.Random(year * 7 + 1)
    out = []
    for i in range(count):
        industry = rng.choice(INDUSTRIES)
        merchant = rng.choice(MERCHANTS[industry])
        scenario = rng.choice(INDUSTRY_SCENARIOS[industry])
        amount = Decimal(rng.choice((99, 680, 1299, 4800, 12000, 36500, 88000, 250000)))
        size = rng.choice((1, 1, 1, 1, 1, 1, 2, 5, 12, 40))
        out.append(
            WarningCandidate(
                ref=f"TS-{year}-{i + 1:05d}",
                merchant=merchant,
                industry_zh=industry,
                scenario_zh=scenario,
                title=f"{scenario}：{merchant} {amount:,.0f} 元" + rng.choice(
                    ("维权无果", "拖延三个月未处理", "客服互相推诿", "承诺退款后失联")),
                summary=(
                    f"消费者{rng.choice('王李张刘陈')}**于 {year} 年 {rng.randint(1, 12)} 月投诉"
                    f"{merchant}（{scenario}），涉及金额 {amount:,.0f} 元。多次联系客服仅得到"
                    "模板回复，承诺的处理时限一再延后；平台介入后商家仍未给出方案。"
                    "联系电话 138****5678 已脱敏。"
                ),
                amount=amount,
                emergency=scenario in ("银行卡被盗刷", "身份被冒用借贷", "暴力催收"),
                collective_size=size,
                overdue_days=float(rng.choice((0, 0, 3, 9, 21, 60))),
                unresolved=rng.random() < 0.4,
                public=rng.random() < 0.8,
            )
        )
    return out


def sample_data(year: int = 2026) -> ReportData:
    """One complete made-up year: 12 months, 8 industries, 21 scenarios, 10 warnings."""
    rng = random.Random(year)
    monthly = [(f"{year}-{m:02d}", int(3800 * s * rng.uniform(0.93, 1.07)))
               for m, s in enumerate(_SEASON, start=1)]
    total = sum(c for _, c in monthly)

    weights = [1 / (k + 1) ** 0.9 for k in range(len(INDUSTRIES))]
    industry_volume = [int(total * w / sum(weights)) for w in weights]
    industry_volume[0] += total - sum(industry_volume)
    by_industry = []
    for k, (name, volume) in enumerate(zip(INDUSTRIES, industry_volume, strict=True)):
        no_deadlines = k == len(INDUSTRIES) - 1  # one industry without deadline data
        by_industry.append(
            IndustryRow(
                name_zh=name, volume=volume, resolution_rate=round(rng.uniform(0.55, 0.95), 4),
                on_time_response_rate=None if no_deadlines else round(rng.uniform(0.6, 0.98), 4),
                on_time_resolution_rate=None if no_deadlines else round(rng.uniform(0.4, 0.9), 4),
            )
        )

    shares = [1 / (k + 1) ** 1.1 for k in range(len(SCENARIOS))]
    scenarios = [(s, int(total * w / sum(shares))) for s, w in zip(SCENARIOS, shares, strict=True)]
    rng.shuffle(scenarios)  # callers may pass any order

    resolved = int(sum(r.volume * (r.resolution_rate or 0) for r in by_industry))
    rule = WarningRule()
    return ReportData(
        year=year,
        generated_at=datetime(year + 1, 1, 15, 9, 30),
        monthly_volume=monthly,
        by_industry=by_industry,
        scenarios=scenarios,
        emergency=EmergencySummary(count=612, within_target_rate=0.874, median_minutes=4.2,
                                   p90_minutes=17.5, target_minutes=15),
        best_service=[
            BestServiceRow(industry_zh=name, merchant=MERCHANTS[name][0], volume=v // 9,
                           resolved=int(v // 9 * 0.97), resolution_rate=round(
                               int(v // 9 * 0.97) / (v // 9), 4))
            for name, v in zip(INDUSTRIES, industry_volume, strict=True)
        ],
        warnings=select_warnings(sample_candidates(year), rule, n=10),
        totals=Totals(volume=total, merchants=1873, resolved=resolved,
                      resolution_rate=round(resolved / total, 4), on_time_response_rate=0.861,
                      satisfaction=3.87, ratings=18342),
        rules=sample_rule_texts(rule),
    )
