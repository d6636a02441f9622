"""Fixed vocabularies shared by the API, the importer, the admin and the demo.

Codes are stable ASCII identifiers (stored in the database and accepted by the API);
labels are bilingual because Chinese is the first-class language but English must work.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Term:
    code: str
    zh: str
    en: str


class Industry(StrEnum):
    ECOMMERCE = "ecommerce"
    BANK = "bank"
    PAYMENT = "payment"
    CONSUMER_FINANCE = "consumer_finance"
    GAMES = "games"
    TRAVEL = "travel"
    APPLIANCES = "appliances"
    LOCAL_SERVICES = "local_services"
    TELECOM = "telecom"
    EDUCATION = "education"
    OTHER = "other"


INDUSTRIES: dict[str, Term] = {
    t.code: t
    for t in (
        Term("ecommerce", "电商", "E-commerce"),
        Term("bank", "银行", "Banking"),
        Term("payment", "第三方支付", "Third-party payment"),
        Term("consumer_finance", "消费金融/网贷", "Consumer finance / online lending"),
        Term("games", "游戏", "Games"),
        Term("travel", "在线旅游", "Online travel"),
        Term("appliances", "家电", "Home appliances"),
        Term("local_services", "生活服务", "Local services"),
        Term("telecom", "通信", "Telecom"),
        Term("education", "教育", "Education"),
        Term("other", "其他", "Other"),
    )
}


class Demand(StrEnum):
    REFUND = "refund"
    COMPENSATION = "compensation"
    UNFREEZE = "unfreeze"
    APOLOGY = "apology"
    STOP_COLLECTION = "stop_collection"
    CANCEL_SUBSCRIPTION = "cancel_subscription"
    CORRECT_CREDIT_REPORT = "correct_credit_report"
    DELETE_DATA = "delete_data"
    REPAIR_REPLACE = "repair_replace"
    EXPLANATION = "explanation"
    OTHER = "other"


DEMANDS: dict[str, Term] = {
    t.code: t
    for t in (
        Term("refund", "退款", "Refund"),
        Term("compensation", "赔偿", "Compensation"),
        Term("unfreeze", "解冻账户", "Unfreeze account"),
        Term("apology", "道歉", "Apology"),
        Term("stop_collection", "停止催收", "Stop debt collection"),
        Term("cancel_subscription", "取消自动续费", "Cancel auto-renewal"),
        Term("correct_credit_report", "更正征信", "Correct credit report"),
        Term("delete_data", "删除个人信息", "Delete personal data"),
        Term("repair_replace", "维修/更换", "Repair or replace"),
        Term("explanation", "给出说明", "Explanation"),
        Term("other", "其他", "Other"),
    )
}


class Channel(StrEnum):
    WEB = "web"
    APP = "app"
    API = "api"
    CHAT = "chat"
    HOTLINE = "hotline"
    IMPORT = "import"


CHANNELS: dict[str, Term] = {
    t.code: t
    for t in (
        Term("web", "网页", "Web form"),
        Term("app", "手机应用", "Mobile app"),
        Term("api", "接口", "API"),
        Term("chat", "在线客服", "Chat"),
        Term("hotline", "热线", "Hotline"),
        Term("import", "批量导入", "Import"),
    )
}


class Visibility(StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"


def choices(terms: dict[str, Term]) -> list[tuple[str, str]]:
    """(code, Chinese label) pairs for Django model choices."""
    return [(t.code, t.zh) for t in terms.values()]
