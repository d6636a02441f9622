"""Which complaints the public sees, and in what form: one rule for the site and the API."""

from __future__ import annotations

from django.db.models import QuerySet

from tousu.complaints.models import Complaint, Message
from tousu.complaints.services import known_personal_values
from tousu.core.lifecycle import State
from tousu.core.vocab import Visibility
from tousu.secure.exposure import mask

#: A rejected complaint was not accepted by the platform, so it is never published.
PUBLISHED_STATES = [s.value for s in State if s is not State.REJECTED]
_NOT_PUBLISHED = [s.value for s in State if s.value not in PUBLISHED_STATES]


def published() -> QuerySet[Complaint]:
    """Public complaints only: private ones (the default for merchants that signed the
    commitment and handle complaints privately) never appear anywhere public."""
    # "not rejected" rather than "state in (…every other state…)": the planner then walks
    # the (visibility, submitted_at) index newest first instead of sorting every match.
    return (Complaint.objects.filter(visibility=Visibility.PUBLIC, merchant__is_active=True)
            .exclude(state__in=_NOT_PUBLISHED)
            .select_related("merchant"))


def public_thread(complaint: Complaint) -> list[dict]:
    """The merchant's and the platform's replies, masked as the privacy core masks text.

    Consumer messages are not published: the masked narrative already says what the
    consumer asked for, and their later messages often carry contact details.
    """
    known = known_personal_values(complaint.consumer) if complaint.consumer_id else ()
    rows = (Message.objects.filter(complaint=complaint, side__in=["merchant", "platform"])
            .order_by("created_at", "id"))
    return [{"side": m.side, "body": mask(m.body, known), "created_at": m.created_at}
            for m in rows]
