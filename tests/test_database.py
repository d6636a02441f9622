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
