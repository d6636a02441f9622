"""The regulator's consumer-protection scorecard: four section scores and an overall grade.

Deliberately simple arithmetic on published inputs: a regulator must be able to recompute
every score by hand from the figures shown next to it. Formulas are in :data:`SCORECARD_RULES`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tousu.stats.tally import Rates, Tally

#: Days within which an erasure request should be completed before the privacy score drops.
ERASURE_DAYS_LIMIT = 15
#: Grade thresholds on the overall score (inclusive lower bounds), best first.
GRADE_THRESHOLDS: tuple[tuple[str, float], ...] = (("A", 90.0), ("B", 75.0), ("C", 60.0))

SCORECARD_RULES: dict[str, tuple[str, str]] = {
    "response": (
        "回复得分 = 100 × 按时回复率。没有可评判的投诉时不评分。",
        "Response score = 100 × on-time response rate. Not scored without judged complaints.",
    ),
    "resolution": (
        "解决得分 = 100 × (0.7 × 解决率 + 0.3 × (平均评分 − 1) / 4)；没有评分时 = 100 × 解决率。"
        "没有已办结投诉时不评分。",
        "Resolution score = 100 × (0.7 × resolution rate + 0.3 × (mean rating − 1) / 4); "
        "without ratings, 100 × resolution rate. Not scored without finished complaints.",
    ),
    "emergency": (
        "紧急处置得分 = 100 × 紧急投诉按时人工接手率。没有可评判的紧急投诉时不评分。",
        "Emergency score = 100 × share of emergencies a person took within target. Not "
        "scored without judged emergencies.",
    ),
    "privacy": (
        f"隐私得分 = 100 − 20 × 隐私事件数；若有删除请求且最慢一件超过 {ERASURE_DAYS_LIMIT} 天"
        "（或尚未完成），再减 10；最低 0 分。",
        f"Privacy score = 100 − 20 × privacy incidents, minus 10 more if there were erasure "
        f"requests and the slowest took over {ERASURE_DAYS_LIMIT} days (or is not done); "
        "floor 0.",
    ),
    "overall": (
        "总分 = 已评分各项的平均分（等权）。回复与解决两项均无数据时不给总分。"
        "等级：A ≥ 90，B ≥ 75，C ≥ 60，其余为 D。未评分的项目会在说明中列出。",
        "Overall = mean of the scored sections (equal weights). No overall score when both "
        "response and resolution lack data. Grade: A >= 90, B >= 75, C >= 60, else D. "
        "Unscored sections are listed in the note.",
    ),
}

_SECTION_ZH = {"response": "回复", "resolution": "解决", "emergency": "紧急处置", "privacy": "隐私"}


@dataclass(frozen=True)
class Section:
    """One scored section; ``inputs`` are the figures the formula used, shown beside it."""

    code: str
    score: float | None
    inputs: dict[str, int | float | None] = field(default_factory=dict)

    @property
    def rule(self) -> tuple[str, str]:
        return SCORECARD_RULES[self.code]


@dataclass(frozen=True)
class Scorecard:
    response: Section
    resolution: Section
    emergency: Section
    privacy: Section
    overall: float | None
    grade: str | None
    missing: tuple[str, ...]
    note_zh: str
    note_en: str

    @property
    def sections(self) -> tuple[Section, ...]:
        return (self.response, self.resolution, self.emergency, self.privacy)


def _grade(score: float) -> str:
    for grade, threshold in GRADE_THRESHOLDS:
        if score >= threshold:
            return grade
    return "D"


def scorecard(
    t: Tally,
    *,
    privacy_incidents: int,
    erasure_requests: int,
    erasure_done_in_days: float | None,
) -> Scorecard:
    """Score a (summed) tally plus the privacy figures the privacy module reports.

    ``erasure_done_in_days`` is the time the slowest erasure request of the period took,
    ``None`` if one is still not done (or there were none).
    """
    if privacy_incidents < 0 or erasure_requests < 0:
        raise ValueError("privacy counts cannot be negative")
    if erasure_done_in_days is not None and erasure_done_in_days < 0:
        raise ValueError("erasure_done_in_days cannot be negative")
    r = Rates.from_tally(t)

    response = Section(
        "response",
        None if r.on_time_response_rate is None else 100 * r.on_time_response_rate,
        {"response_judged": t.response_judged, "response_on_time": t.response_on_time,
         "on_time_response_rate": r.on_time_response_rate},
    )
    if r.resolution_rate is None:
        resolution_score = None
    elif r.satisfaction_mean is None:
        resolution_score = 100 * r.resolution_rate
    else:
        resolution_score = 100 * (
            0.7 * r.resolution_rate + 0.3 * (r.satisfaction_mean - 1) / 4
        )
    resolution = Section(
        "resolution",
        resolution_score,
        {"finished": t.finished, "resolved": t.resolved, "resolution_rate": r.resolution_rate,
         "rating_count": t.rating_count, "satisfaction_mean": r.satisfaction_mean},
    )
    emergency = Section(
        "emergency",
        None if r.emergency_in_target_rate is None else 100 * r.emergency_in_target_rate,
        {"emergency_judged": t.emergency_judged, "emergency_in_target": t.emergency_in_target,
         "emergency_in_target_rate": r.emergency_in_target_rate},
    )
    erasure_late = erasure_requests > 0 and (
        erasure_done_in_days is None or erasure_done_in_days > ERASURE_DAYS_LIMIT
    )
    privacy = Section(
        "privacy",
        float(max(0, 100 - 20 * privacy_incidents - (10 if erasure_late else 0))),
        {"privacy_incidents": privacy_incidents, "erasure_requests": erasure_requests,
         "erasure_done_in_days": erasure_done_in_days},
    )

    sections = (response, resolution, emergency, privacy)
    missing = tuple(s.code for s in sections if s.score is None)
    missing_zh = "、".join(_SECTION_ZH[c] for c in missing)
    if response.score is None and resolution.score is None:
        overall, grade = None, None
        note_zh = "投诉数据不足（回复与解决均无可评判的投诉），不给总分。"
        note_en = "Not enough complaint data (no judged response or resolution); no overall."
    else:
        scored = [s.score for s in sections if s.score is not None]
        overall = sum(scored) / len(scored)
        grade = _grade(overall)
        if missing:
            note_zh = f"总分按已评分的 {len(scored)} 项计算；未评分（无数据）：{missing_zh}。"
            note_en = (f"Overall over the {len(scored)} scored sections; not scored (no data): "
                       f"{', '.join(missing)}.")
        else:
            note_zh, note_en = "总分按全部 4 项计算。", "Overall over all 4 sections."
    return Scorecard(response, resolution, emergency, privacy, overall, grade, missing,
                     note_zh, note_en)
