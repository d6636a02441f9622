"""The people who use tousu, as roles the access policy reasons about."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CONSUMER = "consumer"
    MERCHANT_AGENT = "merchant_agent"
    MODERATOR = "moderator"
    MEDIATOR = "mediator"
    REGULATOR = "regulator"
    ADMIN = "admin"


ROLE_LABELS: dict[Role, str] = {
    Role.CONSUMER: "消费者",
    Role.MERCHANT_AGENT: "商家客服",
    Role.MODERATOR: "平台审核员",
    Role.MEDIATOR: "调解员/专家",
    Role.REGULATOR: "监管人员",
    Role.ADMIN: "管理员",
}

#: Platform staff who work on any complaint (not merchants, not regulators).
STAFF_ROLES = frozenset({Role.MODERATOR, Role.MEDIATOR, Role.ADMIN})
