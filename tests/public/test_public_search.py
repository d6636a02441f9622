"""Search over published complaints: the trigram index finds what a scan finds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from tousu.complaints.models import Complaint
from tousu.public import search
from tousu.public.published import published

TEXTS = [
    ("视频会员自动续费扣款不退", "上个月取消了自动续费，本月又扣了25元。"),
    ("游戏充值未到账", "充值648元后钻石没有到账，客服不回复。"),
    ("快递丢件商家不赔", "买的耳机显示已签收但我没收到，商家拒绝赔偿。"),
    ("Auto-renewal charge after cancelling", "I cancelled the membership but was charged again."),
]


@pytest.fixture
def corpus(api, merchants):
    shop, _ = merchants
    ids = []
    for title, narrative in TEXTS:
        body = {"merchant_id": shop.pk, "title": title, "narrative": narrative,
                "amount": "25", "consent": True, "visibility": "public"}
        ids.append(api("consumer").post("/api/complaints", body).json()["id"])
    private = {"merchant_id": shop.pk, "title": "隐藏的自动续费投诉",
               "narrative": "自动续费问题，选择不公开。", "consent": True,
               "visibility": "private"}
    api("consumer").post("/api/complaints", private)
    return ids


@pytest.mark.parametrize("q", ["自动续费", "续费扣", "到账", "退", "耳机", "charged again",
                               "AUTO-RENEWAL", "不存在的词语", '"引号', "%_"])
def test_indexed_search_finds_what_a_scan_finds(corpus, q):
    found = set(search.matching(published(), q).values_list("id", flat=True))
    scanned = set(search.scan(published(), q).values_list("id", flat=True))
    assert found == scanned


def test_search_uses_the_trigram_index_on_sqlite(corpus):
    if connection.vendor != "sqlite":
        pytest.skip("FTS5 is the SQLite index")
    assert search.fts_available()
    sql = str(search.matching(published(), "自动续费").query)
    assert "public_complaint_fts MATCH" in sql
    assert "public_complaint_fts" not in str(search.matching(published(), "续费").query)


def test_private_complaints_never_appear(corpus, client):
    hits = search.matching(published(), "自动续费")
    assert {c.title for c in hits} == {"视频会员自动续费扣款不退"}
    page = client.get("/public/complaints", {"q": "自动续费"}).content.decode()
    assert "视频会员自动续费扣款不退" in page and "隐藏的自动续费投诉" not in page


def test_index_follows_updates(corpus):
    Complaint.objects.filter(pk=corpus[1]).update(title="游戏点券被冻结")
    assert not search.matching(published(), "充值未到账").exists()
    assert search.matching(published(), "点券被冻结").exists()


def test_public_complaint_page_is_masked(api, merchants):
    shop, _ = merchants
    body = {"merchant_id": shop.pk, "title": "退款不到账", "consent": True,
            "narrative": "我叫王小明，电话13812345678，退款一直不到账。", "visibility": "public",
            "consumer_name": "王小明"}
    ref = api("consumer").post("/api/complaints", body).json()["ref"]
    page = Client().get(f"/public/c/{ref}")
    text = page.content.decode()
    assert page.status_code == 200
    assert "13812345678" not in text and "王小明" not in text and "退款一直不到账" in text
    Complaint.objects.filter(ref=ref).update(visibility="private")
    assert Client().get(f"/public/c/{ref}").status_code == 404
