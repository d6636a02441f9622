"""Public figures from real complaints: the rows a refresh writes, the pages that read them,
and who never appears in public."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from tousu.complaints import services
from tousu.complaints.models import Complaint
from tousu.public import figures
from tousu.public.aggregate import refresh
from tousu.stats import Rates


def file(people, merchant, title, at, *, visibility="public", amount="100"):
    data = services.NewComplaint(merchant_id=merchant.pk, title=title,
                                 narrative=f"{title}，商家一直不处理，要求退款。",
                                 amount=Decimal(amount), demands=["refund"],
                                 visibility=visibility)
    complaint, _ = services.submit(data, user=people["consumer"], now=at, auto_route=False)
    return complaint


def step(people, complaint, who, action, at, reason=""):
    return services.transition(complaint.pk, user=people[who], action=action, reason=reason,
                               now=at)


@pytest.fixture
def year_of_complaints(people, merchants):
    """Five complaints against the shop, each a case the definitions must handle."""
    shop, _ = merchants
    t0 = timezone.now() - timedelta(days=60)
    forward = lambda c, at: (step(people, c, "moderator", "accept", at),  # noqa: E731
                             step(people, c, "moderator", "forward", at))
    # 1. answered on time, consumer confirms: resolved.
    a = file(people, shop, "耳机退款一", t0)
    forward(a, t0)
    step(people, a, "agent", "reply", t0 + timedelta(hours=5), "已退款")
    step(people, a, "consumer", "confirm", t0 + timedelta(hours=6))
    # 2. never answered, deadline long gone.
    b = file(people, shop, "耳机退款二", t0)
    forward(b, t0)
    # 3. answered late, disputed, reopened, answered again, then resolved: one resolved.
    c = file(people, shop, "耳机退款三", t0)
    forward(c, t0)
    step(people, c, "agent", "reply", t0 + timedelta(days=10), "不退")
    step(people, c, "consumer", "dispute", t0 + timedelta(days=10, hours=1), "要求退款")
    step(people, c, "moderator", "reopen", t0 + timedelta(days=11))
    step(people, c, "agent", "reply", t0 + timedelta(days=12), "已退款")
    step(people, c, "consumer", "confirm", t0 + timedelta(days=12, hours=1))
    # 4. withdrawn before any answer: in volume, out of every denominator.
    d = file(people, shop, "耳机退款四", t0)
    forward(d, t0)
    step(people, d, "consumer", "withdraw", t0 + timedelta(hours=2))
    # 5. rejected by the platform: not in volume at all; and private.
    e = file(people, shop, "耳机退款五", t0, visibility="private")
    step(people, e, "moderator", "reject", t0 + timedelta(hours=1), "重复投诉")
    services.rate(Complaint.objects.get(pk=a.pk), user=people["consumer"], score=5)
    services.rate(Complaint.objects.get(pk=c.pk), user=people["consumer"], score=2)
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "shop": shop}


def test_rates_match_the_hand_count(year_of_complaints, settings):
    refresh(full=True)
    p = figures.period("12m")
    r = Rates.from_tally(figures.full_tally(p, merchant_id=year_of_complaints["shop"].pk))
    assert r.volume == 4  # a, b, c, d (e was rejected)
    assert r.withdrawn == 1 and r.reopened == 1
    # Response: forwarded and not withdrawn before answering = a, b, c; answered a, c.
    assert r.response_rate == pytest.approx(2 / 3)
    # On time: a (5 h) yes, c (10 days) no, b unanswered past its deadline no.
    assert r.on_time_response_rate == pytest.approx(1 / 3)
    # Finished (resolved/unresolved/closed): a, c; both resolved, c once despite reopening.
    assert r.resolution_rate == 1.0
    assert r.satisfaction_mean == pytest.approx(3.5) and r.satisfaction_count == 2


def test_a_merchant_with_nothing_shows_dashes(merchants, client, db):
    _, wallet = merchants
    refresh(full=True)
    page = client.get(f"/public/merchants/{wallet.pk}").content.decode()
    assert 'data-rate="volume">0<' in page and 'data-rate="resolution_rate">—<' in page


def test_incremental_refresh_follows_changes(year_of_complaints, people):
    refresh(full=True)
    p = figures.period("12m")
    shop = year_of_complaints["shop"]
    b = year_of_complaints["b"]
    step(people, b, "agent", "reply", timezone.now(), "已处理")
    report = refresh()
    assert not report.full and report.rows >= 1
    r = Rates.from_tally(figures.full_tally(p, merchant_id=shop.pk))
    assert r.response_rate == 1.0
    full = Rates.from_tally(figures.full_tally(p, merchant_id=shop.pk))
    refresh(full=True)
    assert Rates.from_tally(figures.full_tally(p, merchant_id=shop.pk)) == full


def test_private_and_rejected_complaints_never_appear_in_public(year_of_complaints, client):
    refresh(full=True)
    shop = year_of_complaints["shop"]
    hidden = year_of_complaints["e"]
    pages = [client.get(url).content.decode() for url in (
        "/public/complaints", "/public/complaints?q=耳机退款", f"/public/merchants/{shop.pk}",
        "/public/industries/ecommerce", "/public/rankings", "/public/best")]
    for page in pages:
        assert hidden.ref not in page and "耳机退款五" not in page
    assert "耳机退款一" in pages[0]
    assert client.get(f"/public/c/{hidden.ref}").status_code == 404
    Complaint.objects.filter(pk=year_of_complaints["a"].pk).update(visibility="private")
    assert client.get(f"/public/c/{year_of_complaints['a'].ref}").status_code == 404


def test_rankings_list_small_merchants_without_ranking_them(year_of_complaints, client,
                                                            settings):
    refresh(full=True)
    page = client.get("/public/rankings").content.decode()
    assert "样本不足" in page and "易购商城" in page  # 4 complaints < the minimum of 30
    assert "最低样本量" in page and "解决率：" in page  # definitions are on the page
    from tousu.web.views import public

    public.MIN_VOLUME, saved = 3, public.MIN_VOLUME
    try:
        ranked = client.get("/public/rankings").content.decode()
        best = client.get(f"/public/best?period={timezone.localdate().year}").content.decode()
    finally:
        public.MIN_VOLUME = saved
    assert "<td>1</td>" in ranked and "易购商城" in ranked
    assert "易购商城" in best and "100%" in best


def test_credit_export_lists_missed_deadlines_with_evidence(year_of_complaints, tmp_path):
    start = (timezone.now() - timedelta(days=90)).date()
    end = timezone.now().date() + timedelta(days=1)
    out = tmp_path / "credit.json"
    call_command("credit-export", str(out), "--from", start.isoformat(), "--to",
                 end.isoformat(), "--base-url", "https://tousu.example.cn/",
                 stdout=io.StringIO())
    doc = json.loads(out.read_text(encoding="utf-8"))
    (shop,) = doc["merchants"]
    # Due in the period: a, b, c (d was withdrawn before its deadline, e never forwarded).
    assert (shop["complaints_due"], shop["ignored"], shop["late"]) == (3, 1, 1)
    refs = {e["ref"]: e for e in shop["evidence"]}
    assert set(refs) == {year_of_complaints["b"].ref, year_of_complaints["c"].ref}
    assert refs[year_of_complaints["b"].ref]["url"].startswith(
        "https://tousu.example.cn/public/c/")
    csv_out = tmp_path / "credit.csv"
    call_command("credit-export", str(csv_out), "--from", start.isoformat(), "--to",
                 end.isoformat(), stdout=io.StringIO())
    (row,) = list(csv.DictReader(csv_out.open(encoding="utf-8")))
    assert row["ignored"] == "1" and row["late"] == "1" and row["breach_rate"] == "0.6667"
    with pytest.raises(CommandError):
        call_command("credit-export", str(tmp_path / "x.txt"), "--from", "2026-01-01",
                     "--to", "2027-01-01")


def test_regulator_sees_the_scorecard_and_no_person(year_of_complaints, people):
    refresh(full=True)
    regulator = Client()
    regulator.force_login(people["regulator"])
    page = regulator.get("/regulator/scorecard").content.decode()
    assert 'data-testid="scorecard"' in page and "易购商城" in page
    assert "alice" not in page and "耳机退款" not in page  # no consumer, no complaint text
    shop = year_of_complaints["shop"]
    assert regulator.get(f"/regulator/scorecard?merchant={shop.pk}").status_code == 200
    agent = Client()
    agent.force_login(people["agent"])
    assert agent.get("/regulator/scorecard").status_code == 403


def test_feedback_calls_out_a_tripling(people, merchants):
    from tousu.public.feedback import trends

    shop, _ = merchants
    today = timezone.localdate().replace(day=1)
    months = [figures.add_months(today, -k) for k in range(6, 0, -1)]
    counts = [4, 5, 4, 5, 15, 16]  # tripled two months ago
    for month, n in zip(months, counts, strict=True):
        at = timezone.make_aware(timezone.datetime(month.year, month.month, 10, 12))
        for i in range(n):
            file(people, shop, f"退款难第{month:%m}{i}号", at)
    refresh(full=True)
    found = trends(shop.pk, figures.add_months(today, 1))
    (refund,) = [t for t in found if t.changes]
    assert refund.changes[0].month == months[4].strftime("%Y-%m")
    assert "倍" in refund.sentences[0]
    agent = Client()
    agent.force_login(people["agent"])
    assert refund.sentences[0] in agent.get("/m/feedback").content.decode()


def test_report_renders_with_every_chart(year_of_complaints, tmp_path):
    refresh(full=True)
    year = timezone.localdate().year
    out = io.StringIO()
    call_command("report", "--year", str(year), "--out", str(tmp_path), stdout=out)
    html = (tmp_path / f"tousu-report-{year}.html").read_text(encoding="utf-8")
    assert html.count("<svg") >= 5 and re.search(r"前\d+类", html)
    assert (tmp_path / f"tousu-report-{year}.pdf").read_bytes().startswith(b"%PDF")
    draft = json.loads((tmp_path / f"warnings-{year}.json").read_text(encoding="utf-8"))
    refs = [c["ref"] for c in (draft["cases"] if isinstance(draft, dict) else draft)]
    assert year_of_complaints["e"].ref not in refs  # private: never a warning case
    bad = tmp_path / "bad.json"
    bad.write_text("[{\"ref\": 1}]", encoding="utf-8")
    with pytest.raises(CommandError, match="bad.json"):
        call_command("report", "--year", str(year), "--out", str(tmp_path), "--warnings",
                     str(bad), stdout=io.StringIO())


def test_period_choices_cover_years_with_data(year_of_complaints):
    refresh(full=True)
    codes = [p.code for p in figures.periods()]
    assert codes[0] == "12m" and str(timezone.localdate().year) in codes
    assert figures.period("1999").start == date(1999, 1, 1)
    assert figures.period("nonsense").code == "12m"
