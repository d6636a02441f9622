"""The police case file (警企联动) for fraud and theft emergencies, built from plain data.

The package is a zip of ``case.json`` (for systems) and ``case.html`` (for people), built
byte-for-byte reproducibly so the SHA-256 recorded in the audit trail proves later that
the file handed over is the one generated.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal

# Order, transaction and serial numbers as consumers quote them: 订单号 SO123…, 交易单号：4200…
_REFERENCE = re.compile(
    r"(?:订单号|订单编号|交易号|交易单号|流水号|交易流水|商户单号|支付单号|order(?: number| no\.?)?"
    r"|transaction(?: id| number)?|ref(?:erence)?)\s*[:：#]?\s*([A-Za-z0-9][A-Za-z0-9\-]{5,39})",
    re.IGNORECASE,
)


def transaction_references(text: str) -> list[str]:
    """Order/transaction numbers mentioned in free text, in order, without repeats."""
    return list(dict.fromkeys(m.group(1) for m in _REFERENCE.finditer(text or "")))


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    what: str
    who: str


@dataclass(frozen=True)
class EvidenceItem:
    name: str
    sha256: str
    size: int
    mime: str


@dataclass(frozen=True)
class CaseFile:
    ref: str
    generated_at: datetime
    generated_by: str
    complainant_name: str
    complainant_phone: str
    merchant: str
    merchant_industry: str
    scenario: str
    amount: Decimal
    title: str
    narrative: str
    emergency_reasons: list[str]
    transaction_refs: list[str]
    timeline: list[TimelineEntry] = field(default_factory=list)
    evidence: list[EvidenceItem] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True,
                          default=_json_default)

    def to_html(self) -> str:
        e = html.escape
        rows = "".join(
            f"<tr><td>{e(t.at.isoformat(timespec='seconds'))}</td><td>{e(t.who)}</td>"
            f"<td>{e(t.what)}</td></tr>" for t in self.timeline
        )
        files = "".join(
            f"<tr><td>{e(f.name)}</td><td>{f.size}</td><td>{e(f.mime)}</td>"
            f"<td><code>{e(f.sha256)}</code></td></tr>" for f in self.evidence
        ) or "<tr><td colspan=4>无</td></tr>"
        refs = "、".join(e(r) for r in self.transaction_refs) or "未识别到"
        reasons = "".join(f"<li>{e(r)}</li>" for r in self.emergency_reasons)
        return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>案件材料 {e(self.ref)}</title>
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;line-height:1.6}}
table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #999;padding:.3rem}}</style>
</head><body>
<h1>警企联动案件材料</h1>
<p>投诉编号 <strong>{e(self.ref)}</strong> · 生成时间 {e(self.generated_at.isoformat(timespec='seconds'))}
 · 生成人 {e(self.generated_by)}</p>
<h2>基本信息</h2>
<table>
<tr><th>报案人</th><td>{e(self.complainant_name)}（{e(self.complainant_phone)}）</td></tr>
<tr><th>涉事商家</th><td>{e(self.merchant)}（{e(self.merchant_industry)}）</td></tr>
<tr><th>场景</th><td>{e(self.scenario)}</td></tr>
<tr><th>涉案金额</th><td>{self.amount} 元</td></tr>
<tr><th>交易参考号</th><td>{refs}</td></tr>
</table>
<h2>紧急原因</h2><ul>{reasons}</ul>
<h2>投诉原文</h2><h3>{e(self.title)}</h3><p>{e(self.narrative)}</p>
<h2>时间线</h2><table><tr><th>时间</th><th>操作人</th><th>事件</th></tr>{rows}</table>
<h2>证据清单</h2>
<table><tr><th>文件名</th><th>大小</th><th>类型</th><th>SHA-256</th></tr>{files}</table>
</body></html>
"""

    def package(self) -> tuple[bytes, str]:
        """The zip and its SHA-256. Fixed timestamps make the bytes reproducible."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in (("case.json", self.to_json()), ("case.html", self.to_html())):
                info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, text.encode("utf-8"))
        data = buffer.getvalue()
        return data, hashlib.sha256(data).hexdigest()


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)
