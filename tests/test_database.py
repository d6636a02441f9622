"""The database tousu runs on: the one CI asked for, configured for concurrent use."""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connection, connections

from tousu.complaints import services
from tousu.complaints.models import Complaint


def test_running_on_the_expected_database():
    expected = os.environ.get("TOUSU_EXPECT_DB")
    if not expected:
        pytest.skip("TOUSU_EXPECT_DB not set (scripts/test sets it)")
    assert connection.vendor == expected


@pytest.mark.django_db
def test_sqlite_uses_wal():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_create_one_complaint(people, merchants):
    shop, _ = merchants
    user = people["consumer"]
    data = services.NewComplaint(merchant_id=shop.pk, title="并发重试同一个请求",
                                 narrative="网络不好，客户端同时重发了同一个投诉请求好几次。")
    results: list[tuple[int, bool]] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def attempt() -> None:
        try:
            barrier.wait()
            complaint, created = services.submit(data, user=user, idempotency_key="race-1")
            results.append((complaint.pk, created))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len({pk for pk, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    assert Complaint.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_all_stored_with_one_audit_chain(people, merchants, settings):
    """Writers from many threads take turns: every complaint is stored once, and the
    audit chain, appended by all of them, stays one unbroken chain."""
    from tousu.audit.log import verify_chain
    from tousu.audit.models import AuditEntry

    settings.TOUSU_AUTO_PATH = True
    settings.TOUSU_SUBMIT_PER_HOUR = 1000  # this is about the database, not the rate limit
    shop, _ = merchants
    user = people["consumer"]
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def attempt(n: int) -> None:
        try:
            barrier.wait()
            for i in range(5):
                data = services.NewComplaint(
                    merchant_id=shop.pk, title=f"会员自动续费扣了我68元 {n}-{i}",
                    narrative="我从来没有同意开通自动续费，上个月又被自动扣费68元，要求退款",
                    amount=68, demands=["refund"],
                )
                services.submit(data, user=user, idempotency_key=f"k-{n}-{i}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert Complaint.objects.count() == 30
    assert AuditEntry.objects.filter(action="complaint.create").count() == 30
    assert verify_chain()


@pytest.mark.django_db(transaction=True)
def test_a_failed_write_transaction_lets_the_next_writer_in(people, merchants):
    """The write lock tousu adds on SQLite is given back on rollback, not only on commit."""
    from django.db import transaction

    shop, _ = merchants

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        shop.name = "改名后回滚"
        shop.save()
        raise Boom
    done: list[bool] = []

    def other_thread() -> None:
        try:
            with transaction.atomic():
                type(shop).objects.filter(pk=shop.pk).update(name="另一个线程写入")
            done.append(True)
        finally:
            connections.close_all()

    t = threading.Thread(target=other_thread)
    t.start()
    t.join(timeout=10)
    assert done == [True]
    shop.refresh_from_db()
    assert shop.name == "另一个线程写入"
