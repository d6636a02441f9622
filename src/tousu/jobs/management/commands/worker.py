"""``tousu worker``: run background jobs and the periodic deadline sweep.

Jobs live in the database, so nothing is lost when a worker stops: queued jobs wait for
the next worker, and a job that was running when its worker died is requeued once its
lease has expired (jobs are idempotent). Run one or several workers; each also enqueues
the periodic sweep, at most one waiting at a time.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, transaction
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tousu.jobs.tasks import refresh_public_stats, sweep_deadlines

log = logging.getLogger(__name__)
SWEEP_PATH = f"{sweep_deadlines.func.__module__}.{sweep_deadlines.func.__qualname__}"
STATS_PATH = (f"{refresh_public_stats.func.__module__}."
              f"{refresh_public_stats.func.__qualname__}")


def requeue_stale(lease: timedelta) -> int:
    """Put back jobs left RUNNING by a worker that died more than ``lease`` ago."""
    cutoff = timezone.now() - lease
    with transaction.atomic():
        return DBTaskResult.objects.filter(status="RUNNING", started_at__lt=cutoff).update(
            status="READY", started_at=None)


def enqueue_sweep_if_idle() -> bool:
    if DBTaskResult.objects.filter(task_path=SWEEP_PATH, status="READY").exists():
        return False
    sweep_deadlines.enqueue()
    return True


def enqueue_stats_if_due() -> bool:
    """Public figures are refreshed every TOUSU_STATS_MINUTES; one job waits at most."""
    from tousu.public.models import RefreshMark

    waiting = DBTaskResult.objects.filter(task_path=STATS_PATH, status__in=["READY", "RUNNING"])
    if waiting.exists():
        return False
    last = RefreshMark.objects.order_by("-refreshed_at").values_list("refreshed_at",
                                                                       flat=True).first()
    if last and timezone.now() - last < timedelta(minutes=settings.TOUSU_STATS_MINUTES):
        return False
    refresh_public_stats.enqueue()
    return True


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser) -> None:
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconds between polls for new jobs")
        parser.add_argument("--lease-minutes", type=float,
                            default=settings.TOUSU_JOB_LEASE_MINUTES,
                            help="a RUNNING job older than this is a dead worker's: requeue it "
                                 "(jobs are idempotent, so a slow job run twice does no harm)")
        parser.add_argument("--batch", action="store_true",
                            help="run what is queued now, then exit (no periodic sweep)")
        parser.add_argument("--worker-id", default=None)

    def handle(self, *args, interval: float, lease_minutes: float, batch: bool,
               worker_id: str | None, **options) -> None:
        requeued = requeue_stale(timedelta(minutes=lease_minutes))
        if requeued:
            self.stdout.write(f"requeued {requeued} job(s) left running by a stopped worker")
        if not batch:
            threading.Thread(target=self._beat, args=(lease_minutes,), daemon=True).start()
        worker = Worker(
            queue_names=["default"], interval=interval, batch=batch, backend_name="default",
            startup_delay=not batch, max_tasks=None,
            worker_id=worker_id or f"tousu-{threading.get_native_id()}-{time.time_ns()}",
            excluded_queue_names=[],
        )
        self.stdout.write("tousu worker running" + (" (batch)" if batch else ""))
        self.stdout.flush()
        worker.run()

    @staticmethod
    def _beat(lease_minutes: float) -> None:
        while True:
            try:
                close_old_connections()
                enqueue_sweep_if_idle()
                enqueue_stats_if_due()
                requeue_stale(timedelta(minutes=lease_minutes))
            except Exception:  # noqa: BLE001 - the beat must outlive a database hiccup
                log.exception("periodic sweep could not be enqueued")
            time.sleep(settings.TOUSU_SWEEP_SECONDS)
