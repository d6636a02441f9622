"""Personal data: masked for those without need, encrypted at rest, erasable, purged on
schedule, and every unmasked read and state change on a tamper-evident audit chain."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from tousu.audit.models import AuditEntry
from tousu.complaints.models import Complaint, Consumer
from tousu.secure import keys

PHONE, ID_CARD, NAME, EMAIL = "13812345678", "11010519491231002X", "王小明", "wangxm@163.com"
PII_NARRATIVE = (f"我叫{NAME}，手机{PHONE}，身份证{ID_CARD}，邮箱{EMAIL}。"
                 "在易购商城买的耳机退货后商家一直不退款，客服电话打不通。")
SECRETS = (PHONE, ID_CARD, NAME, EMAIL)


@pytest.fixture
def pii_complaint(api, merchants):
    shop, _ = merchants
    response = api("consumer").post("/api/complaints", {
        "merchant_id": shop.pk, "title": "耳机退货后不退款", "narrative": PII_NARRATIVE,
        "amount": "299", "consent": True, "visibility": "public",
    })
    assert response.status_code == 201
    return response.json()


def leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def test_owner_sees_original_merchant_sees_masked(api, pii_complaint):
    cid = pii_complaint["id"]
    assert pii_complaint["masked"] is False  # the complainant filed it and sees it whole
    mine = api("consumer").get(f"/api/complaints/{cid}").json()
    assert mine["masked"] is False and PHONE in mine["narrative"] and NAME in mine["narrative"]
    theirs = api("agent").get(f"/api/complaints/{cid}").json()
    assert theirs["masked"] is True and leaks(theirs["narrative"] + theirs["title"]) == []
    assert "138****5678" in theirs["narrative"]  # enough for staff to recognise the number
    listed = api("agent").get("/api/complaints").json()["results"][0]
    assert leaks(listed["narrative"] + listed["title"]) == []


def test_merchant_sees_masked_messages_and_events(api, pii_complaint):
    cid = pii_complaint["id"]
    api("consumer").post(f"/api/complaints/{cid}/messages", {"body": f"请打我电话{PHONE}"})
    api("consumer").post(f"/api/complaints/{cid}/transitions",
                         {"action": "withdraw", "reason": f"已和商家私了，联系人{NAME}，电话{PHONE}"})
    body = str(api("agent").get(f"/api/complaints/{cid}/messages").json())
    body += str(api("agent").get(f"/api/complaints/{cid}/events").json())
    assert leaks(body) == []
    assert PHONE in str(api("consumer").get(f"/api/complaints/{cid}/messages").json())


def test_complainants_own_name_is_masked_even_without_a_cue(api, merchants):
    shop, _ = merchants
    body = {"merchant_id": shop.pk, "title": f"{NAME}的耳机退款问题", "narrative": PII_NARRATIVE,
            "consent": True, "channel": "hotline", "consumer_name": NAME}
    cid = api("moderator").post("/api/complaints", body).json()["id"]
    theirs = api("agent").get(f"/api/complaints/{cid}").json()
    assert leaks(theirs["title"] + theirs["narrative"]) == []
    assert theirs["title"].startswith("王**")


def test_public_feed_and_export_show_no_personal_data(api, client, pii_complaint, tmp_path):
    public = client.get("/api/public/complaints").json()
    assert [c["ref"] for c in public] == [pii_complaint["ref"]]
    assert leaks(str(public)) == [] and "consumer" not in public[0]
    out = tmp_path / "export.csv"
    call_command("export", "complaints", str(out), "--all", stdout=io.StringIO())
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 1 and leaks(out.read_text(encoding="utf-8")) == []


def test_private_and_rejected_complaints_are_not_published(api, client, merchants, pii_complaint):
    cid = pii_complaint["id"]
    api("moderator").post(f"/api/complaints/{cid}/transitions",
                          {"action": "reject", "reason": "重复投诉"})
    assert client.get("/api/public/complaints").json() == []


def _database_text() -> str:
    """Every row of every table, as stored: what a dump would hold."""
    chunks: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            chunks.extend(str(row) for row in cursor.fetchall())
        if connection.vendor == "sqlite":
            chunks.extend(connection.connection.iterdump())
    if connection.vendor == "postgresql":
        chunks.append(_pg_dump())
    return "\n".join(chunks)


def _pg_dump() -> str:
    """The real pg_dump of the test database, when the server's tools are installed."""
    import glob
    import subprocess

    tools = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"))
    if not tools:
        return ""
    db = connection.settings_dict
    env = {"PGPASSWORD": db.get("PASSWORD") or ""}
    result = subprocess.run(
        [tools[-1], "-h", db["HOST"] or "localhost", "-p", str(db["PORT"] or 5432),
         "-U", db["USER"], db["NAME"]],
        capture_output=True, text=True, env=env, check=True,
    )
    assert "CREATE TABLE" in result.stdout
    return result.stdout


def test_database_dump_holds_no_plaintext_personal_data(api, merchants, people):
    shop, _ = merchants
    hotline = {"merchant_id": shop.pk, "title": "热线登记：退款问题", "narrative": PII_NARRATIVE,
               "consent": True, "channel": "hotline", "consumer_name": NAME,
               "consumer_phone": PHONE, "consumer_email": EMAIL}
    cid = api("moderator").post("/api/complaints", hotline).json()["id"]
    api("consumer").post("/api/complaints", {**hotline, "channel": "web"})
    api("moderator").post(f"/api/complaints/{cid}/messages", {"body": f"已致电{PHONE}"})
    dump = _database_text()
    assert "13800000000" not in dump  # sanity: the helper reads real rows
    assert "热线登记" in dump  # masked twins are stored in clear for search
    assert leaks(dump) == [], leaks(dump)
    # ...and the application still reads the originals back.
    consumer = Complaint.objects.get(pk=cid).consumer
    assert (consumer.name, consumer.phone, consumer.email) == (NAME, PHONE, EMAIL)


def test_consumer_erases_their_data(api, pii_complaint):
    cid = pii_complaint["id"]
    owner = api("consumer")
    owner.upload(f"/api/complaints/{cid}/evidence", "身份证.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    refused = owner.post("/api/me/erasure", {"confirm": False})
    assert refused.status_code == 422
    done = owner.post("/api/me/erasure", {"confirm": True})
    assert done.status_code == 200
    assert done.json() == {"complaints": 1, "messages": 0, "evidence_files": 1}
    after = owner.get(f"/api/complaints/{cid}").json()
    assert leaks(after["narrative"] + after["title"]) == []
    consumer = Consumer.objects.get(pk=after["consumer"]["id"])
    assert (consumer.name, consumer.phone, consumer.email) == ("", "", "")
    assert consumer.erased_at is not None
    kinds = [e["kind"] for e in owner.get(f"/api/complaints/{cid}/events").json()]
    assert "erased" in kinds
    assert api("regulator").get("/api/stats").json()["total"] == 1  # still counted
    assert leaks(_database_text()) == []
    assert AuditEntry.objects.filter(action="consumer.erase").count() == 1


def test_only_admin_erases_for_someone_else(api, pii_complaint):
    consumer_id = api("consumer").get(f"/api/complaints/{pii_complaint['id']}").json()[
        "consumer"]["id"]
    url = f"/api/consumers/{consumer_id}/erasure"
    assert api("moderator").post(url, {"confirm": True}).status_code == 403
    assert api("other_consumer").post(url, {"confirm": True}).status_code == 403
    assert api("admin").post(url, {"confirm": True}).status_code == 200


def test_retention_purges_only_old_closed_complaints(api, pii_complaint, merchants):
    cid = pii_complaint["id"]
    api("consumer").post(f"/api/complaints/{cid}/transitions", {"action": "withdraw"})
    Complaint.objects.filter(pk=cid).update(closed_at=timezone.now() - timedelta(days=40))
    shop, _ = merchants
    fresh = api("other_consumer").post("/api/complaints", {
        "merchant_id": shop.pk, "title": "另一个投诉标题", "narrative": PII_NARRATIVE,
        "consent": True}).json()
    out = io.StringIO()
    call_command("purge_personal_data", "--days", "30", stdout=out)
    assert "purged personal data of 1 complaints" in out.getvalue()
    old = Complaint.objects.get(pk=cid)
    assert old.personal_data_removed_at and leaks(old.narrative + old.title_original) == []
    assert old.consumer.erased_at is not None
    assert PHONE in Complaint.objects.get(pk=fresh["id"]).narrative


def test_audit_chain_records_and_detects_tampering(api, pii_complaint):
    cid = pii_complaint["id"]
    api("consumer").get(f"/api/complaints/{cid}")  # an unmasked read
    api("agent").get(f"/api/complaints/{cid}")  # a masked read: not personal data
    api("moderator").post(f"/api/complaints/{cid}/transitions", {"action": "accept"})
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions == ["complaint.create", "pii.read", "complaint.transition"]
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "audit chain OK: 3 entries" in out.getvalue()

    AuditEntry.objects.filter(seq=2).update(actor="consumer:999")
    with pytest.raises(CommandError, match="BROKEN at seq 2"):
        call_command("audit", "verify", stdout=io.StringIO())


def test_audit_detects_a_deleted_entry(api, pii_complaint):
    for _ in range(3):
        api("consumer").get(f"/api/complaints/{pii_complaint['id']}")
    AuditEntry.objects.filter(seq=2).delete()
    with pytest.raises(CommandError, match="BROKEN at seq"):
        call_command("audit", "verify", stdout=io.StringIO())


def test_key_rotation_keeps_data_readable(api, pii_complaint, monkeypatch):
    import os

    from django.conf import settings

    from tousu.privacy import generate_key

    old_keys = os.environ.get("TOUSU_FIELD_KEYS") or (
        settings.DATA_DIR / "field_keys").read_text().strip()
    new_key = generate_key()
    monkeypatch.setenv("TOUSU_FIELD_KEYS", f"{new_key},{old_keys}")
    keys.reset()
    out = io.StringIO()
    call_command("rotate_keys", stdout=out)
    assert "re-encrypted" in out.getvalue() and not out.getvalue().startswith("re-encrypted 0 ")
    monkeypatch.setenv("TOUSU_FIELD_KEYS", new_key)  # the old key is gone now
    keys.reset()
    try:
        assert PHONE in Complaint.objects.get(pk=pii_complaint["id"]).narrative
    finally:
        keys.reset()
