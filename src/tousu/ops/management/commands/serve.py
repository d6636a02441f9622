"""``tousu serve``: run the web UI and API under gunicorn."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


def run_gunicorn(host: str, port: int, workers: int, threads: int) -> None:
    """Start gunicorn in this process (blocks until it is stopped)."""
    from gunicorn.app.base import BaseApplication

    from tousu.wsgi import application

    _warm_up()

    class App(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("timeout", 60)
            self.cfg.set("graceful_timeout", 10)
            self.cfg.set("accesslog", os.environ.get("TOUSU_ACCESS_LOG") or None)
            self.cfg.set("errorlog", "-")
            self.cfg.set("loglevel", os.environ.get("TOUSU_LOG_LEVEL", "warning").lower())
            self.cfg.set("proc_name", "tousu")

        def load(self):
            return application

    App().run()


def _warm_up() -> None:
    """Load the text engine in the master so that no worker's first complaint waits for it.

    The scenario model, the emergency net (built from the shipped labels), the lexicon's
    gates and the assistant's index take 1-3 s on first use. Loaded before gunicorn forks,
    every worker starts with them (copy-on-write). A retrained model file is still picked
    up per worker, because ``load_model`` checks the file's modification time. Nothing here
    touches the database; connections are closed anyway so no socket is shared by forks.
    """
    from django.db import connections

    from tousu.assist import warm_up
    from tousu.complaints.analysis import analyze_complaint

    analyze_complaint("warm up", "", None, None)
    warm_up()
    connections.close_all()


def _default_threads() -> int:
    """Threads per worker process unless TOUSU_THREADS says otherwise.

    On SQLite every write queues for the one writer, and more threads in a process only
    fight for the GIL while one of them holds the write lock: measured with
    bench/intake.py on 2 cores, 2 threads gave p99 ≈ 75 ms at 100 complaints/s, 4 threads
    ≈ 135 ms. PostgreSQL writes in parallel, and threads there overlap waits on the server.
    """
    configured = os.environ.get("TOUSU_THREADS")
    if configured:
        return int(configured)
    return 2 if "sqlite" in settings.DATABASES["default"]["ENGINE"] else 4


class Command(BaseCommand):
    help = "Serve tousu (web UI, API at /api, docs at /api/docs, admin at /admin)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default=os.environ.get("TOUSU_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("TOUSU_PORT", 8000)))
        parser.add_argument("--workers", type=int,
                            default=int(os.environ.get("TOUSU_WORKERS", 2)))
        parser.add_argument("--threads", type=int, default=_default_threads(),
                            help="threads per process (default: TOUSU_THREADS, else 2 on "
                                 "SQLite, 4 on PostgreSQL)")
        parser.add_argument("--no-migrate", action="store_true",
                            help="do not apply migrations first (several app servers: migrate "
                                 "once with `tousu migrate`, then start each with this)")
        parser.add_argument("--no-worker", action="store_true",
                            help="do not start a job worker beside the server (run `tousu "
                                 "worker` processes yourself)")

    def handle(self, *args, host: str, port: int, workers: int, threads: int,
               no_migrate: bool, no_worker: bool, **options) -> None:
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        worker = None
        if not no_worker:
            # One machine, one command: deadlines and emergency pages run beside the site.
            worker = subprocess.Popen([sys.executable, "-m", "tousu.cli", "worker"])
        self.stdout.write(f"tousu serving on http://{host}:{port}/  (API docs: /api/docs, "
                          f"admin: /admin, emergency queue: /staff/emergencies)"
                          + ("" if no_worker else "; job worker started"))
        self.stdout.flush()
        try:
            run_gunicorn(host, port, workers, threads)
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    worker.kill()
