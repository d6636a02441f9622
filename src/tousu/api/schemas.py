"""Request and response shapes of the API (they are also the OpenAPI schema)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, StrictBool, field_validator

from tousu.core.lifecycle import Action, State
from tousu.core.vocab import CHANNELS, DEMANDS, INDUSTRIES

DemandCode = Literal[tuple(DEMANDS)]  # type: ignore[valid-type]
ChannelCode = Literal[tuple(c for c in CHANNELS if c != "import")]  # type: ignore[valid-type]
IndustryCode = Literal[tuple(INDUSTRIES)]  # type: ignore[valid-type]
StateCode = Literal[tuple(s.value for s in State)]  # type: ignore[valid-type]
ActionCode = Literal[tuple(a.value for a in Action)]  # type: ignore[valid-type]


#: C0 control characters other than tab, newline and carriage return: never typed by a
#: person, unstorable in PostgreSQL (NUL) or invisible in every console that shows them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _refuse_controls(value: object) -> object:
    texts = value if isinstance(value, list | tuple) else [value]
    for text in texts:
        if isinstance(text, str) and (m := _CONTROLS.search(text)):
            raise ValueError(f"contains the control character U+{ord(m.group()):04X}, "
                             "which no text field accepts")
    return value


#: A database id. Bounded so a 70-bit number in a filter is a 422, not an OverflowError
#: from the SQLite driver.
DbId = Annotated[int, Field(ge=1, le=2**63 - 1)]


def _to_utc(value: datetime) -> datetime:
    """A filter instant in UTC, with naive values read in the platform's time zone.

    Done here because the databases refuse what pydantic accepts: year 0 or 10000 after
    the shift to UTC (SQLite overflows), offsets beyond ±15:59 (PostgreSQL).
    """
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    try:
        value = value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("is outside the range of dates tousu can store") from exc
    if not 1970 <= value.year <= 9998:
        raise ValueError("must fall between the years 1970 and 9998")
    return value


#: A date-time filter, normalised to UTC.
FilterInstant = Annotated[datetime, AfterValidator(_to_utc)]


class StrictSchema(Schema):
    # Unknown fields are refused so a typo ("narative") is an error, not silently lost.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def no_control_characters(cls, value: object) -> object:
        return _refuse_controls(value)


class ComplaintIn(StrictSchema):
    merchant_id: int = Field(..., gt=0, le=2**63 - 1, description="被投诉商家 id（见 /api/merchants）")
    title: str = Field(..., min_length=4, max_length=120)
    narrative: str = Field(..., min_length=10, max_length=20000)
    amount: Decimal = Field(Decimal("0"), ge=0, le=Decimal("9999999999.99"), decimal_places=2)
    demands: list[DemandCode] = Field(default_factory=list, max_length=len(DEMANDS))
    channel: ChannelCode = "api"
    visibility: Literal["public", "private"] | None = None
    consent: bool = Field(
        ..., description="消费者同意平台为处理投诉而处理其个人信息（必须为 true）"
    )
    consumer_name: str = Field("", max_length=100, description="代客登记（热线）时的投诉人姓名")
    consumer_phone: str = Field("", max_length=32)
    consumer_email: str = Field("", max_length=254)

    @field_validator("title", "narrative")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value


class MerchantRef(Schema):
    id: int
    name: str
    industry: str


class MerchantOut(Schema):
    id: int
    name: str
    industry: str
    industry_label: str
    description: str
    committed: bool
    commitment_signed_at: datetime | None


class ConsumerOut(Schema):
    id: int
    name: str


class AnalysisOut(Schema):
    scenario_confidence: float | None
    scenario_source: str
    emergency_source: str
    top_k: list[list]
    route: str
    route_reasons: list[str]
    emergency_reasons: list[str]


class ComplaintOut(Schema):
    id: int
    ref: str
    title: str
    narrative: str
    masked: bool = Field(description="true when personal data in the texts is masked for you")
    amount: Decimal
    currency: str
    demands: list[str]
    channel: str
    scenario: str
    visibility: str
    state: str
    state_label: str
    state_reason: str
    merchant: MerchantRef
    consumer: ConsumerOut | None = Field(
        None, description="只对投诉人本人和平台工作人员可见"
    )
    submitted_at: datetime
    response_due_at: datetime | None
    resolution_due_at: datetime | None
    deadline_source: str
    first_response_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    allowed_actions: list[str] = Field(description="the actions the caller may take now")
    scenario_name: str
    emergency: bool
    analysis: AnalysisOut | None = Field(None, description="只对平台工作人员可见")


class ComplaintPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ComplaintOut]


class TransitionIn(StrictSchema):
    action: ActionCode
    reason: str = Field("", max_length=5000, description="驳回/异议必填；商家回复时为回复内容")


class ScenarioOverrideIn(StrictSchema):
    scenario: str = Field(..., min_length=1, max_length=48, description="catalog code")
    reason: str = Field("", max_length=2000)


class EmergencyJudgmentIn(StrictSchema):
    emergency: StrictBool = Field(..., description="true: an emergency (a miss or a confirmation); "
                                             "false: a false alarm")
    reason: str = Field("", max_length=2000)


class LegalBasisOut(Schema):
    law: str
    article: str | None
    summary: str
    citation: str


class ScenarioOut(Schema):
    code: str
    name_zh: str
    name_en: str
    description: str
    legal_basis: list[LegalBasisOut]
    mediation_strategy: str
    standard_resolution: str
    default_deadline_days: int
    auto_path: bool
    emergency: bool
    evidence_checklist: list[str]
    refund_path: list[str]


class MessageIn(StrictSchema):
    body: str = Field(..., min_length=1, max_length=5000)


class RatingIn(StrictSchema):
    score: int = Field(..., ge=1, le=5, description="1–5 stars")
    comment: str = Field("", max_length=2000)


class RatingOut(Schema):
    score: int
    comment: str
    created_at: datetime


class MessageOut(Schema):
    id: int
    side: str
    author: str
    body: str
    created_at: datetime


class EvidenceOut(Schema):
    id: int
    name: str
    mime: str
    size: int
    sha256: str
    uploaded_at: datetime
    url: str


class EventOut(Schema):
    id: int
    kind: str
    action: str
    from_state: str
    to_state: str
    actor_role: str
    note: str
    data: dict
    created_at: datetime


class TokenIn(StrictSchema):
    username: str = Field(..., min_length=1, max_length=150)
    password: str = Field(..., min_length=1, max_length=256)


class TokenOut(Schema):
    token: str
    role: str


class ErrorBody(Schema):
    code: str
    message: str
    fields: list[dict] | None = None


class ErrorOut(Schema):
    error: ErrorBody


class StatsOut(Schema):
    total: int
    by_state: dict[str, int]
    by_industry: dict[str, int]
    responded_on_time_rate: float | None = Field(
        description="share of complaints past their response deadline that the merchant "
        "answered in time"
    )
    resolution_rate: float | None = Field(description="resolved or closed-after-resolution "
                                                      "share of finished complaints")


def file_download(media_types: tuple[str, ...], description: str) -> dict:
    """``openapi_extra`` documenting a 200 whose body is a file, not JSON, so clients and
    schema-driven tests know what a successful download looks like."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {"responses": {200: {
        "description": description, "content": {t: binary for t in media_types},
    }}}
