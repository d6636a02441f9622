"""Public wording of every figure tousu publishes, in Chinese first and English second.

A rate on a public page is only fair if the reader can see what was counted; keeping the
text next to the code (and testing that every published field has an entry) means a change
of rule cannot ship without a change of wording.
"""

from __future__ import annotations

#: code -> (zh, en). Keys equal the field names of :class:`tousu.stats.tally.Rates`, plus the
#: ranking rules, so a page can look up the definition of whatever it shows by name.
DEFINITIONS: dict[str, tuple[str, str]] = {
    "volume": (
        "投诉量：统计期内提交（按提交时间）的投诉件数。含消费者撤回的投诉；"
        "不含平台不予受理的投诉（未转给商家）。尚在平台审核中的投诉计入。",
        "Volume: complaints submitted in the period (by submission time). Includes complaints "
        "the consumer later withdrew; excludes complaints the platform rejected (they never "
        "reached the merchant). Complaints still under platform review are counted.",
    ),
    "withdrawn": (
        "撤回量：投诉量中由消费者主动撤回的件数。撤回的投诉计入投诉量，"
        "但在商家回复前撤回的不计入回复类指标的分母，所有撤回的投诉均不计入解决类指标。",
        "Withdrawn: complaints in the volume that the consumer withdrew. They count in volume; "
        "those withdrawn before any merchant response are left out of response denominators, "
        "and every withdrawn complaint is left out of resolution denominators.",
    ),
    "reopened": (
        "重新处理量：因消费者表示未解决、经平台调解退回商家再次处理过的投诉件数"
        "（每件只计一次，无论退回几次）。",
        "Reopened: complaints the platform sent back to the merchant at least once after the "
        "consumer said they were unresolved (each complaint counted once, however often).",
    ),
    "response_rate": (
        "回复率：已转给商家的投诉（不含在商家回复前即被撤回的）中，商家已作出首次回复的比例。",
        "Response rate: of complaints forwarded to the merchant (excluding those withdrawn "
        "before any response), the share the merchant has responded to.",
    ),
    "on_time_response_rate": (
        "按时回复率：已转给商家、且已回复或回复期限已过的投诉中，在期限内（含期限时刻）"
        "首次回复的比例。期限未到且尚未回复的投诉暂不评判。",
        "On-time response rate: of forwarded complaints that were answered or whose response "
        "deadline has passed, the share first answered at or before the deadline. Unanswered "
        "complaints whose deadline has not passed yet are not judged.",
    ),
    "resolution_rate": (
        "解决率：已办结的投诉（状态为已解决、未解决或已完结，不含撤回）中，"
        "消费者确认已解决的比例。经重新处理后最终解决的投诉只计为一件已解决。",
        "Resolution rate: of finished complaints (resolved, unresolved or closed; withdrawn "
        "ones excluded), the share the consumer confirmed as resolved. A complaint reopened "
        "and then resolved counts as one resolved complaint.",
    ),
    "on_time_resolution_rate": (
        "按时解决率：已转给商家（不含撤回）、且已解决或解决期限已过的投诉中，"
        "在解决期限内（含期限时刻）获消费者确认解决的比例。重新处理不重置期限。",
        "On-time resolution rate: of forwarded, non-withdrawn complaints that were resolved or "
        "whose resolution deadline has passed, the share the consumer confirmed resolved at or "
        "before the deadline. Reopening does not restart the clock.",
    ),
    "median_hours_to_respond": (
        "回复时长中位数（小时）：从提交到商家首次回复的时长的中位数，"
        "按固定分档估算，误差不超过所在分档的宽度。",
        "Median hours to respond: median time from submission to the merchant's first "
        "response, estimated from fixed buckets; the error is at most the width of the bucket "
        "it falls in.",
    ),
    "median_hours_to_resolve": (
        "解决时长中位数（小时）：从提交到消费者确认解决的时长的中位数，按固定分档估算。",
        "Median hours to resolve: median time from submission to the consumer confirming "
        "resolution, estimated from fixed buckets.",
    ),
    "satisfaction_mean": (
        "满意度：消费者评分（1–5 星）的平均值，仅统计已评分的投诉。",
        "Satisfaction: mean consumer rating (1–5 stars) over complaints that were rated.",
    ),
    "satisfaction_count": (
        "评分数：给出评分的投诉件数。",
        "Ratings: number of complaints with a consumer rating.",
    ),
    "satisfaction_high_share": (
        "好评率：已评分投诉中评 4 星或 5 星的比例。",
        "Share of high ratings: of rated complaints, the share rated 4 or 5 stars.",
    ),
    "emergency_count": (
        "紧急投诉量：标记为紧急的投诉件数（含不予受理的，因为紧急响应是平台对每位投诉人的承诺）。",
        "Emergency complaints: complaints flagged as emergencies (rejected ones included, "
        "because the emergency promise is made to everyone who files).",
    ),
    "emergency_in_target_rate": (
        "紧急投诉按时人工接手率：已有人工接手或目标时间已过的紧急投诉中，"
        "在目标时间内（含）由工作人员接手的比例。",
        "Emergency handled in target: of emergency complaints that a person took or whose "
        "target time has passed, the share a person took within the target.",
    ),
    "median_minutes_to_human": (
        "紧急投诉人工接手时长中位数（分钟）：从提交到工作人员接手的时长的中位数，按固定分档估算。",
        "Median minutes to a person: median time from submission until a staff member took an "
        "emergency complaint, estimated from fixed buckets.",
    ),
    "ranking": (
        "排名规则：统计期内投诉量不少于门槛（默认 30 件）的商家参与排名，"
        "按所选指标从高到低排列；指标相同者名次相同（如 1、2、2、4），"
        "列出顺序再按投诉量从多到少、商家编号从小到大。投诉量不足或无数据的商家单独列出，不参与排名。",
        "Ranking rule: merchants with at least the threshold volume in the period (default 30) "
        "are ranked by the chosen metric, highest first; equal values share a position "
        "(1, 2, 2, 4) and are listed by volume (most first), then merchant id. Merchants below "
        "the threshold or without data are listed separately, unranked.",
    ),
    "best_service": (
        "年度最佳客服：在某行业当年投诉量不少于门槛的商家中，解决率最高者；"
        "解决率相同时取按时回复率较高者，再相同取投诉量较多者，再相同取商家编号较小者。",
        "Best customer service: among merchants of an industry with at least the threshold "
        "volume in the year, the highest resolution rate; ties go to the higher on-time "
        "response rate, then the higher volume, then the lower merchant id.",
    ),
}
