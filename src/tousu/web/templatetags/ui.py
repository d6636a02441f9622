"""Template helpers: both languages side by side, labels from the shared vocabularies.

Chinese is the first language and English must work; writing both in the template
(``{% tr "提交" "Submit" %}``) keeps the pair together and needs no gettext toolchain.
"""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from tousu.complaints.analysis import scenario
from tousu.core.lifecycle import STATE_LABELS, State
from tousu.core.vocab import DEMANDS

register = template.Library()


def is_en() -> bool:
    return (get_language() or "zh-hans").startswith("en")


@register.simple_tag
def tr(zh: str, en: str) -> str:
    return en if is_en() else zh


@register.filter
def state_label(state: str) -> str:
    try:
        zh, en = STATE_LABELS[State(state)]
    except ValueError:
        return state
    return en if is_en() else zh


_STATE_TONE = {
    "submitted": "brand", "accepted": "brand", "with_merchant": "warn",
    "merchant_replied": "brand", "resolved": "ok", "closed": "ok", "unresolved": "bad",
    "rejected": "bad", "withdrawn": "",
}


@register.filter
def state_tone(state: str) -> str:
    return _STATE_TONE.get(state, "")


@register.filter
def demand_label(code: str) -> str:
    term = DEMANDS.get(code)
    if term is None:
        return code
    return term.en if is_en() else term.zh


@register.filter
def scenario_label(code: str) -> str:
    found = scenario(code) if code else None
    if found is None:
        return "待人工判断" if not is_en() else "Awaiting review"
    return found.name_en if is_en() else found.name_zh


@register.filter
def route_label(route: str) -> str:
    labels = {"auto": ("自动转商家", "Straight to merchant"),
              "triage": ("人工分诊", "Staff triage"),
              "emergency": ("7×24 紧急通道", "24/7 emergency lane"),
              "expert": ("专家处理", "Expert review")}
    zh, en = labels.get(route, (route, route))
    return en if is_en() else zh


@register.filter
def seconds_until(when: datetime | None) -> int | None:
    """Signed seconds to a deadline, for countdowns the page keeps ticking."""
    if when is None:
        return None
    return int((when - timezone.now()).total_seconds())


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


@register.filter
def duration(value) -> str:
    """A timedelta or seconds as 3 分 20 秒 / 3 min 20 s."""
    if value is None:
        return "—"
    seconds = int(value.total_seconds()) if hasattr(value, "total_seconds") else int(value)
    h, rest = divmod(abs(seconds), 3600)
    m, s = divmod(rest, 60)
    if is_en():
        parts = [f"{h} h" if h else "", f"{m} min" if m else "", f"{s} s"]
    else:
        parts = [f"{h} 小时" if h else "", f"{m} 分" if m else "", f"{s} 秒"]
    return ("-" if seconds < 0 else "") + " ".join(p for p in parts if p)


@register.filter
def seconds_since(when: datetime | None) -> int:
    """Seconds already waited, for timers that keep counting in the page."""
    if when is None:
        return 0
    return max(0, int((timezone.now() - when).total_seconds()))


@register.filter
def get_item(mapping, key):
    """``names|get_item:row.merchant_id``: look up a dict entry by a computed key."""
    return mapping.get(key) if mapping else None
