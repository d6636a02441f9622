"""The staff console: triage, the 7×24 emergency lane, live chat, collective suggestions,
callbacks, and the platform's figures (which regulators see too)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Avg, Count, F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tousu.audit import log as audit
from tousu.chat import services as chat
from tousu.chat.models import Conversation
from tousu.complaints import services, sla
from tousu.complaints.models import Complaint, Rating
from tousu.core.access import Perm
from tousu.text import load_catalog
from tousu.web.templatetags.ui import tr
from tousu.web.views.common import complaint_page, related_or_none, require, safe_next

#: Below this confidence the engine's scenario is a guess a person should check.
LOW_CONFIDENCE = 0.6


@login_required
def triage(request: HttpRequest) -> HttpResponse:
    """New complaints that need a person: emergencies, low confidence, triage routes."""
    require(request, Perm.EMERGENCY)  # platform staff only
    qs = (Complaint.objects.filter(state="submitted").select_related("merchant")
          .order_by("-emergency", F("scenario_confidence").asc(nulls_first=True), "submitted_at"))
    only = request.GET.get("only", "")
    if only == "low":
        qs = qs.filter(Q(scenario_confidence__lt=LOW_CONFIDENCE)
                       | Q(scenario_confidence__isnull=True))
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    pending = Complaint.objects.filter(state="submitted")
    return render(request, "web/staff/triage.html", {
        "page": page, "only": only, "low_confidence": LOW_CONFIDENCE,
        "scenarios": load_catalog().scenarios,
        "counts": pending.aggregate(
            total=Count("id"), emergency=Count("id", filter=Q(emergency=True)),
            low=Count("id", filter=Q(scenario_confidence__lt=LOW_CONFIDENCE)
                      | Q(scenario_confidence__isnull=True))),
        "chats_waiting": Conversation.objects.filter(status="waiting").count(),
    })


@login_required
def complaint(request: HttpRequest, complaint_id: int) -> HttpResponse:
    c = get_object_or_404(Complaint.objects.select_related("merchant", "consumer"),
                          pk=complaint_id)
    require(request, Perm.OVERRIDE_SCENARIO, c)
    ctx = complaint_page(request, c)
    ctx["scenarios"] = load_catalog().scenarios
    ctx["callbacks"] = c.callbacks.order_by("-created_at")[:5]
    ctx["flag"] = related_or_none(c, "integrity_flag")
    return render(request, "web/staff/detail.html", ctx)


@login_required
@require_POST
def override(request: HttpRequest, complaint_id: int) -> HttpResponse:
    c = get_object_or_404(Complaint, pk=complaint_id)
    require(request, Perm.OVERRIDE_SCENARIO, c)
    try:
        services.override_scenario(c, user=request.user, code=request.POST.get("scenario", ""),
                                   reason=request.POST.get("reason", "")[:500])
        messages.success(request, tr("场景已改判，并记入训练数据。",
                                     "Scenario corrected and kept as training data."))
    except services.ServiceError:
        messages.error(request, tr("请选择目录中的场景。", "Choose a scenario from the catalog."))
    return redirect(safe_next(request, request.POST.get("next", ""),
                              reverse("web:staff_complaint", args=[complaint_id])))


@login_required
@require_POST
def judge_emergency(request: HttpRequest, complaint_id: int) -> HttpResponse:
    c = get_object_or_404(Complaint, pk=complaint_id)
    require(request, Perm.EMERGENCY, c)
    choice = request.POST.get("emergency", "")
    if choice not in ("yes", "no"):
        messages.error(request, tr("请选择是否紧急。", "Choose whether it is an emergency."))
    else:
        services.judge_emergency(c, user=request.user, emergency=choice == "yes",
                                 reason=request.POST.get("reason", "")[:500])
        messages.success(request, tr(
            "已转入 7×24 紧急队列，并记入训练数据。" if choice == "yes"
            else "已移出紧急队列转人工分诊，并记入训练数据。",
            "Moved to the 7×24 emergency queue and kept as training data." if choice == "yes"
            else "Taken off the emergency queue to triage, and kept as training data.",
        ))
    return redirect(safe_next(request, request.POST.get("next", ""),
                              reverse("web:staff_complaint", args=[complaint_id])))


@login_required
def emergency_queue(request: HttpRequest) -> HttpResponse:
    require(request, Perm.EMERGENCY)
    return render(request, "web/emergencies.html", {
        "queue": sla.queue(),
        "chats": chat.human_queue(emergency=True),
        "report": sla.time_to_human_report(),
        "chat_report": chat.time_to_human_report(),
        "target_minutes": int(sla.emergency_target().total_seconds() // 60),
    })


@login_required
@require_POST
def take(request: HttpRequest, complaint_id: int) -> HttpResponse:
    require(request, Perm.EMERGENCY)
    sla.take(get_object_or_404(Complaint, pk=complaint_id, emergency=True), request.user)
    return redirect("web:emergencies")


@login_required
@require_POST
def casefile(request: HttpRequest, complaint_id: int) -> HttpResponse:
    require(request, Perm.EMERGENCY)
    c = get_object_or_404(Complaint.objects.select_related("merchant", "consumer"),
                          pk=complaint_id)
    try:
        data, digest, name = sla.build_casefile(c, request.user)
    except sla.LossRefused as exc:
        # Staff may; this complaint is not a case for the police (as the API's 409).
        return HttpResponse(str(exc), status=409, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Casefile-SHA256"] = digest
    return response


@login_required
def chats(request: HttpRequest) -> HttpResponse:
    require(request, Perm.EMERGENCY)
    return render(request, "web/staff/chats.html", {
        "queue": chat.human_queue(), "report": chat.time_to_human_report(),
        "emergency_target": sla.emergency_target(),
    })


@login_required
def chat_detail(request: HttpRequest, conversation_id: int) -> HttpResponse:
    require(request, Perm.EMERGENCY)
    conversation = get_object_or_404(Conversation.objects.select_related("user"),
                                     pk=conversation_id)
    if request.method == "POST":
        what = request.POST.get("do", "")
        try:
            if what == "take":
                chat.take(conversation.pk, request.user)
            elif what == "reply":
                chat.staff_reply(conversation, request.user, request.POST.get("body", ""))
            elif what == "close":
                chat.close(conversation, request.user,
                           resolved=request.POST.get("unresolved") != "yes")
        except chat.ChatError as exc:
            messages.error(request, str(exc))
        return redirect("web:staff_chat", conversation.pk)
    template = "web/staff/_chat_log.html" if request.htmx else "web/staff/chat.html"
    return render(request, template, {
        "conversation": conversation, "turns": conversation.turns.all(),
    })


@login_required
def callbacks(request: HttpRequest) -> HttpResponse:
    """Callbacks due by the end of today, oldest due first, with the consumer's hours."""
    require(request, Perm.EMERGENCY)
    from tousu.callbacks import services as cb

    return render(request, "web/staff/callbacks.html", {
        "rows": cb.due_today()[:200], "figures": cb.figures(),
    })


@login_required
def callback_detail(request: HttpRequest, callback_id: int) -> HttpResponse:
    """One call's outcome: reached or not, resolved, satisfaction, notes (masked)."""
    require(request, Perm.EMERGENCY)
    from tousu.callbacks import services as cb
    from tousu.callbacks.models import Callback

    callback = get_object_or_404(
        Callback.objects.select_related("complaint", "complaint__merchant", "merchant",
                                        "complaint__consumer"), pk=callback_id)
    if request.method == "POST":
        reached = request.POST.get("reached") == "yes"
        resolved = {"yes": True, "no": False}.get(request.POST.get("resolved", ""))
        try:
            satisfaction = int(request.POST["satisfaction"]) if reached and request.POST.get(
                "satisfaction") else None
            cb.record_call(callback, request.user, reached=reached, resolved=resolved,
                           satisfaction=satisfaction, notes=request.POST.get("notes", ""))
        except (ValueError, cb.CallbackError) as exc:
            messages.error(request, str(exc) if isinstance(exc, cb.CallbackError)
                           else tr("满意度请选 1 到 5。", "Choose a satisfaction of 1 to 5."))
            return redirect("web:callback", callback.pk)
        messages.success(request, tr("已记录。", "Recorded."))
        return redirect("web:callbacks")
    phone = ""
    if callback.complaint_id and callback.complaint.consumer_id:
        phone = callback.complaint.consumer.phone
        audit.record(request.user, "pii.read", "complaint", callback.complaint_id,
                     {"what": "callback phone"})
    elif callback.contact_phone:
        phone = callback.contact_phone
        audit.record(request.user, "pii.read", "callback", callback.pk, {"what": "phone"})
    return render(request, "web/staff/callback.html", {
        "cb": callback, "phone": phone, "history": callback.history.select_related("agent"),
    })


@login_required
@require_POST
def schedule_callback(request: HttpRequest, complaint_id: int) -> HttpResponse:
    require(request, Perm.EMERGENCY)
    from tousu.callbacks import services as cb

    c = get_object_or_404(Complaint.objects.select_related("consumer"), pk=complaint_id)
    _, created = cb.manual(c, request.user, note=request.POST.get("note", "")[:500])
    messages.success(request, tr("已安排回访。", "Callback scheduled.") if created else
                     tr("这件投诉已有待回访记录。", "A callback is already pending."))
    return redirect("web:staff_complaint", complaint_id)


@login_required
def platform_stats(request: HttpRequest) -> HttpResponse:
    require(request, Perm.STATS)
    qs = Complaint.objects.all()
    now = timezone.now()
    judged = qs.filter(Q(response_due_at__lt=now) | Q(first_response_at__isnull=False))
    agg = judged.aggregate(n=Count("id"),
                           on_time=Count("id", filter=Q(first_response_at__lte=F("response_due_at"))))
    merchants = (qs.values("merchant__name").annotate(
        n=Count("id"), resolved=Count("id", filter=Q(resolved_at__isnull=False)),
        rating=Avg("rating__score")).order_by("-n")[:20])
    return render(request, "web/staff/stats.html", {
        "total": qs.count(),
        "by_state": dict(qs.values_list("state").annotate(n=Count("id")).order_by()),
        "on_time_rate": agg["on_time"] / agg["n"] if agg["n"] else None,
        "ratings": Rating.objects.aggregate(n=Count("id"), avg=Avg("score")),
        "merchants": merchants,
        "emergency": sla.time_to_human_report(),
        "chat": chat.time_to_human_report(),
    })


@login_required
def collective_suggestions(request: HttpRequest) -> HttpResponse:
    """Suggested groups with their evidence: shared phrases, time range, count."""
    from tousu.collectives.models import Suggestion

    require(request, Perm.COLLECTIVE_MANAGE)
    pending = (Suggestion.objects.filter(status=Suggestion.Status.PENDING)
               .select_related("merchant", "target_case").prefetch_related("complaints")
               .order_by("-created_at"))
    return render(request, "web/collective.html", {"suggestions": pending})


@login_required
@require_POST
def collective_decide(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    from tousu.collectives import services as collective
    from tousu.collectives.models import Suggestion

    require(request, Perm.COLLECTIVE_MANAGE)
    suggestion = get_object_or_404(Suggestion, pk=suggestion_id)
    if request.POST.get("decision") == "confirm":
        title = request.POST.get("title", "").strip() or f"{suggestion.merchant.name} 集体投诉"
        collective.confirm(suggestion, request.user, title=title[:200])
    else:
        collective.reject(suggestion, request.user, request.POST.get("reason", ""))
    return redirect("web:collective")


@login_required
def integrity(request: HttpRequest) -> HttpResponse:
    """Complaints flagged as possibly filed by an agency, with the reasons, for review."""
    require(request, Perm.EMERGENCY)
    from tousu.screening import services as screening

    return render(request, "web/staff/integrity.html", {"flags": screening.open_flags()[:100]})


@login_required
@require_POST
def integrity_decide(request: HttpRequest, flag_id: int) -> HttpResponse:
    require(request, Perm.EMERGENCY)
    from tousu.screening import services as screening
    from tousu.screening.models import Flag

    flag = get_object_or_404(Flag.objects.select_related("complaint__submitted_by"), pk=flag_id)
    decision = request.POST.get("decision")
    if decision not in ("confirm", "clear"):
        messages.error(request, tr("请选择确认或排除。", "Choose confirm or clear."))
        return redirect("web:integrity")
    try:
        screening.review(flag, request.user, confirm=decision == "confirm",
                         note=request.POST.get("note", ""))
    except screening.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, tr("已确认为代理投诉，提交账号已受限。", "Confirmed; the account is limited.")
                         if decision == "confirm" else
                         tr("已排除，投诉照常处理。", "Cleared; the complaint goes on as usual."))
    return redirect("web:integrity")
