"""The jobs: deadline sweeps and emergency pages. Each is idempotent, so a job that runs
twice — after a worker was killed mid-job and the job was requeued — does its work once."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone


@task
def sweep_deadlines() -> dict:
    from tousu.complaints.sla import sweep

    report = sweep(timezone.now())
    return {"examined": report.examined, "escalated": report.escalated, "paged": report.paged}


@task
def page_emergency(complaint_id: int) -> bool:
    """Page the on-duty staff for a new emergency, unless someone already took it."""
    from tousu.complaints.models import Complaint
    from tousu.complaints.notify import page

    complaint = Complaint.objects.select_related("merchant").filter(pk=complaint_id).first()
    if complaint is None or complaint.human_at is not None:
        return False
    return page(complaint, "emergency", "moderator")


@task
def match_collective(complaint_id: int) -> int | None:
    """Match a new complaint against others at its merchant; returns a suggestion id."""
    from tousu.collectives.services import match_on_arrival

    suggestion = match_on_arrival(complaint_id)
    return suggestion.pk if suggestion else None


@task
def after_intake(complaint_id: int) -> dict:
    """Off the request path, in order: collective matching (which stores the complaint's
    band keys), then integrity screening (which reads them). Neither changes the complaint."""
    from tousu.collectives.services import match_on_arrival
    from tousu.screening.services import screen

    suggestion = match_on_arrival(complaint_id)
    verdict = screen(complaint_id)
    return {"suggestion": suggestion.pk if suggestion else None, "flagged": verdict.flagged,
            "score": verdict.score}


@task
def refresh_public_stats() -> dict:
    """Recompute the monthly rows behind public pages (only what changed)."""
    from tousu.public.aggregate import refresh

    report = refresh()
    return {"rows": report.rows, "complaints": report.complaints, "seconds": report.seconds}
