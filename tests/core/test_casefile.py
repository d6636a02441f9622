from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from decimal import Decimal

from tousu.core.casefile import CaseFile, EvidenceItem, TimelineEntry, transaction_references


def case(**kw) -> CaseFile:
    base = dict(
        ref="TS2611220001", generated_at=datetime(2026, 11, 22, 3, 0, tzinfo=UTC),
        generated_by="moderator:3", complainant_name="王小明", complainant_phone="13812345678",
        merchant="速付钱包", merchant_industry="第三方支付", scenario="盗刷", amount=Decimal("8000"),
        title="银行卡被盗刷", narrative="交易单号：4200001234567890 <script>alert(1)</script>",
        emergency_reasons=["资金正在被盗"], transaction_refs=["4200001234567890"],
        timeline=[TimelineEntry(datetime(2026, 11, 22, 2, 50, tzinfo=UTC), "提交", "消费者")],
        evidence=[EvidenceItem("短信截图.png", "ab" * 32, 1234, "image/png")],
    )
    return CaseFile(**{**base, **kw})


def test_references_found_in_consumers_words():
    text = "订单号SO20261122001，交易单号：4200001234567890，流水号 ABC-123456。订单号SO20261122001"
    assert transaction_references(text) == ["SO20261122001", "4200001234567890", "ABC-123456"]
    assert transaction_references("金额3000元，昨天下午") == []


def test_package_is_reproducible_and_complete():
    data, digest = case().package()
    again, digest2 = case().package()
    assert data == again and digest == digest2
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert sorted(archive.namelist()) == ["case.html", "case.json"]
    payload = json.loads(archive.read("case.json"))
    assert payload["transaction_refs"] == ["4200001234567890"] and payload["amount"] == "8000"
    page = archive.read("case.html").decode()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "4200001234567890" in page and "短信截图.png" in page


def test_any_change_changes_the_hash():
    assert case().package()[1] != case(amount=Decimal("8001")).package()[1]
