"""Credit linkage (信用联动): merchants that ignored complaints past their deadlines.

A complaint counts against a merchant in a period when its response deadline fell in the
period and the merchant did not answer by it: never answered ("ignored") or answered
after it ("late"). Complaints the consumer withdrew before the deadline, or the platform
rejected, do not count. Each counted complaint is listed as evidence: its reference, its
deadline, when (if ever) the merchant answered, and a link to its public page when it is
public (private ones are identified by reference only; the regulator can ask for them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import F
from django.utils import timezone

from tousu.complaints.models import Complaint

RULE_ZH = ("统计期内商家答复期限届满、且未在期限内答复的投诉（从未答复或逾期答复）；"
           "期限前消费者撤回、平台不予受理的不计。每件附编号、期限、实际答复时间和公开链接。")


@dataclass
class Evidence:
    ref: str
    response_due_at: datetime
    first_response_at: datetime | None
    url: str  # empty for a complaint that is not public


@dataclass
class MerchantBreaches:
    merchant_id: int
    merchant: str
    industry: str
    committed: bool
    ignored: int = 0
    late: int = 0
    complaints_due: int = 0
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def breach_rate(self) -> float | None:
        return (self.ignored + self.late) / self.complaints_due if self.complaints_due else None


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(start, time.min), tz),
            timezone.make_aware(datetime.combine(end, time.min), tz))


def breaches(start: date, end: date, *, base_url: str = "", min_breaches: int = 1,
             now: datetime | None = None) -> list[MerchantBreaches]:
    """Merchants with at least ``min_breaches`` deadline misses whose deadline fell in
    [start, end); most misses first. Deadlines still running at ``now`` are not judged."""
    now = now or timezone.now()
    lo, hi = _bounds(start, end)
    hi = min(hi, now)
    due = (Complaint.objects.filter(response_due_at__gte=lo, response_due_at__lt=hi,
                                    forwarded_at__isnull=False)
           .exclude(state="rejected")
           .exclude(state="withdrawn", closed_at__lt=F("response_due_at"))
           .select_related("merchant"))
    found: dict[int, MerchantBreaches] = {}
    for c in due.order_by("merchant_id", "response_due_at").iterator(chunk_size=5000):
        row = found.get(c.merchant_id)
        if row is None:
            m = c.merchant
            row = found[c.merchant_id] = MerchantBreaches(
                m.pk, m.name, m.industry, m.commitment_signed_at is not None)
        row.complaints_due += 1
        answered = c.first_response_at
        if answered is not None and answered <= c.response_due_at:
            continue
        if answered is None:
            row.ignored += 1
        else:
            row.late += 1
        url = f"{base_url}/public/c/{c.ref}" if c.visibility == "public" else ""
        row.evidence.append(Evidence(c.ref, c.response_due_at, answered, url))
    result = [r for r in found.values() if r.ignored + r.late >= min_breaches]
    return sorted(result, key=lambda r: (-(r.ignored + r.late), r.merchant))
