"""Turn model rows into response dicts, showing each caller only what they may see."""

from __future__ import annotations

from tousu.accounts.models import User
from tousu.complaints.analysis import scenario_name
from tousu.complaints.models import Complaint, Event, Evidence, Message
from tousu.complaints.services import is_owner
from tousu.core.access import scope_of
from tousu.core.lifecycle import STATE_LABELS, State, actions_for
from tousu.core.vocab import INDUSTRIES
from tousu.merchants.models import Merchant
from tousu.secure.exposure import mask, sees_original


def merchant_out(m: Merchant) -> dict:
    return {
        "id": m.pk, "name": m.name, "industry": m.industry,
        "industry_label": INDUSTRIES[m.industry].zh, "description": m.description,
        "committed": m.committed, "commitment_signed_at": m.commitment_signed_at,
    }


def complaint_out(c: Complaint, user: User) -> dict:
    actor = user.as_actor()
    owner = is_owner(user, c)
    original = sees_original(actor, is_owner=owner)
    return {
        "id": c.pk, "ref": c.ref,
        "title": c.title_original if original else c.title,
        "narrative": c.narrative if original else c.narrative_masked,
        "masked": not original,
        "amount": c.amount, "currency": c.currency, "demands": c.demands,
        "channel": c.channel, "scenario": c.scenario, "visibility": c.visibility,
        "state": c.state, "state_label": STATE_LABELS[State(c.state)][0],
        "state_reason": c.state_reason if original else mask(c.state_reason),
        "merchant": {"id": c.merchant.pk, "name": c.merchant.name,
                     "industry": c.merchant.industry},
        "consumer": {"id": c.consumer.pk, "name": c.consumer.name} if original else None,
        "submitted_at": c.submitted_at, "response_due_at": c.response_due_at,
        "resolution_due_at": c.resolution_due_at, "deadline_source": c.deadline_source,
        "first_response_at": c.first_response_at, "resolved_at": c.resolved_at,
        "closed_at": c.closed_at,
        "allowed_actions": [a.value for a in actions_for(c.state, actor.role, is_owner=owner)],
        "scenario_name": scenario_name(c.scenario),
        "emergency": c.emergency,
        # How the engine typed and routed it is for the platform's staff, who act on it.
        "analysis": {
            "scenario_confidence": c.scenario_confidence, "scenario_source": c.scenario_source,
            "emergency_source": c.emergency_source, "top_k": c.scenario_top_k, "route": c.route,
            "route_reasons": c.route_reasons,
            "emergency_reasons": c.emergency_reasons,
        } if scope_of(actor) == "all" else None,
    }


def message_out(m: Message, original: bool) -> dict:
    # Staff and merchants appear by role and id, never by login name.
    author = {"consumer": "消费者", "merchant": "商家客服", "platform": "平台"}[m.side]
    if m.side != "consumer" and m.author_id:
        author = f"{author} #{m.author_id}"
    return {"id": m.pk, "side": m.side, "author": author,
            "body": m.body if original else mask(m.body), "created_at": m.created_at}


def evidence_out(e: Evidence, original: bool) -> dict:
    return {"id": e.pk, "name": e.name if original else mask(e.name), "mime": e.mime, "size": e.size, "sha256": e.sha256,
            "uploaded_at": e.uploaded_at,
            "url": f"/api/complaints/{e.complaint_id}/evidence/{e.pk}/file"}


def event_out(e: Event, original: bool) -> dict:
    return {"id": e.pk, "kind": e.kind, "action": e.action, "from_state": e.from_state,
            "to_state": e.to_state, "actor_role": e.actor_role,
            "note": e.note if original else mask(e.note),
            "data": e.data, "created_at": e.created_at}
