"""The navigation each role sees: one product, a console per kind of user."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import get_language

from tousu.core.roles import ROLE_LABELS, STAFF_ROLES, Role

_NAV: dict[str, list[tuple[str, str, str]]] = {
    "consumer": [("/me/", "我的投诉", "My complaints"), ("/me/new", "我要投诉", "File a complaint"),
                 ("/assistant", "智能助手", "Assistant"), ("/me/privacy", "个人信息", "My data"),
                 ("/public/rankings", "商家排行", "Rankings")],
    "merchant_agent": [("/m/", "投诉队列", "Queue"), ("/m/collective", "集体投诉", "Collective cases"),
                       ("/m/stats", "我的统计", "Statistics"), ("/m/feedback", "趋势洞察", "Trends")],
    "staff": [("/staff/", "分诊队列", "Triage"), ("/staff/emergencies", "紧急队列", "Emergencies"),
              ("/staff/chats", "人工客服", "Live chat"), ("/staff/collective", "集体投诉建议", "Collective"),
              ("/staff/callbacks", "今日回访", "Callbacks"),
              ("/staff/integrity", "代理投诉审核", "Integrity"),
              ("/regulator/scorecard", "消保评价", "Scorecard")],
    "regulator": [("/staff/stats", "统计", "Statistics"),
                  ("/regulator/scorecard", "消保评价", "Scorecard"),
                  ("/public/rankings", "商家排行", "Rankings")],
    "anonymous": [("/me/new", "我要投诉", "File a complaint"), ("/assistant", "智能助手", "Assistant"),
                  ("/public/complaints", "公开投诉", "Complaints"),
                  ("/public/rankings", "商家排行", "Rankings")],
}


def nav_key(user) -> str:
    if not user.is_authenticated:
        return "anonymous"
    role = user.effective_role
    if role in STAFF_ROLES:
        return "staff"
    return role.value


def navigation(request: HttpRequest) -> dict:
    en = (get_language() or "").startswith("en")
    key = nav_key(request.user)
    path = request.path
    items = [
        {"url": url, "label": en_label if en else zh, "current": path == url
         or (url not in ("/me/", "/m/", "/staff/") and path.startswith(url))}
        for url, zh, en_label in _NAV[key]
    ]
    role_label = ""
    if request.user.is_authenticated:
        role = request.user.effective_role
        role_label = role.value.replace("_", " ") if en else ROLE_LABELS[Role(role)]
    return {"nav": items, "lang_en": en, "role_label": role_label}
