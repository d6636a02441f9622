"""The consumer portal: file, follow, answer, rate, and take one's data back."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from tousu.callbacks.models import Callback
from tousu.complaints import services
from tousu.complaints.erasure import erase_consumer
from tousu.complaints.models import Complaint, Consumer
from tousu.core.access import Perm
from tousu.core.callback_timing import Window
from tousu.core.roles import Role
from tousu.merchants.models import Merchant
from tousu.secure.client import client_source
from tousu.web.forms import ComplaintForm
from tousu.web.templatetags.ui import tr
from tousu.web.views.common import complaint_page, require


def _consumer_only(request: HttpRequest) -> None:
    if request.user.effective_role is not Role.CONSUMER:
        raise PermissionDenied("the consumer portal is for consumers")


@login_required
def my_complaints(request: HttpRequest) -> HttpResponse:
    _consumer_only(request)
    qs = (Complaint.objects.filter(consumer__user=request.user).select_related("merchant")
          .order_by("-submitted_at", "-id"))
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "web/consumer/list.html", {"page": page})


@login_required
def new_complaint(request: HttpRequest) -> HttpResponse:
    """The complaint form; evidence is checked before anything is written."""
    require(request, Perm.SUBMIT)
    initial = {}
    if request.GET.get("merchant"):
        initial["merchant"] = request.GET["merchant"]
    form = ComplaintForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.NewComplaint(
            merchant_id=d["merchant"].pk, title=d["title"], narrative=d["narrative"],
            amount=d["amount"] or 0, demands=d["demands"], channel="web",
            visibility=d["visibility"] or None, consent=True,
            source=client_source(request),
        )
        try:
            with transaction.atomic():
                # The form's one-time token makes a double click or a resend file once.
                complaint, created = services.submit(
                    data, user=request.user,
                    idempotency_key=request.POST.get("form_token") or None,
                )
                for f in d["evidence"] if created else ():
                    services.add_evidence(complaint, user=request.user, stream=f, name=f.name,
                                          size=f.size)
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, tr(
                f"投诉已提交，编号 {complaint.ref}。", f"Complaint filed: {complaint.ref}."))
            return redirect("web:my_complaint", complaint.pk)
    return render(request, "web/consumer/new.html", {
        "form": form, "form_token": request.POST.get("form_token") or secrets.token_hex(16),
    })


def merchant_options(request: HttpRequest) -> HttpResponse:
    """The merchant <select>'s options filtered by what was typed (htmx)."""
    q = request.GET.get("q", "").strip()[:60]
    qs = Merchant.objects.filter(is_active=True).order_by("name")
    if q:
        qs = qs.filter(name__icontains=q)
    selected = request.GET.get("merchant", "")
    return render(request, "web/consumer/_merchant_options.html",
                  {"merchants": qs[:50], "selected": selected, "q": q})


@login_required
def my_complaint(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = get_object_or_404(Complaint.objects.select_related("merchant", "consumer"),
                                  pk=complaint_id)
    require(request, Perm.READ, complaint)
    if request.user.effective_role is not Role.CONSUMER:
        return redirect("web:home")
    return render(request, "web/consumer/detail.html", complaint_page(request, complaint))


@login_required
def privacy(request: HttpRequest) -> HttpResponse:
    """What the platform holds about me, and erasure on request (PIPL art. 47)."""
    _consumer_only(request)
    consumer = Consumer.objects.filter(user=request.user).first()
    if request.method == "POST" and request.POST.get("do") == "hours":
        try:
            start, end = int(request.POST["from"]), int(request.POST["to"])
            Window(start, end)
        except (KeyError, ValueError):
            messages.error(request, tr("请选择 0–24 点之间的时段。", "Choose hours between 0 and 24."))
        else:
            if consumer is None:
                consumer = Consumer.objects.create(user=request.user)
            consumer.callback_from_hour, consumer.callback_to_hour = start, end
            consumer.save(update_fields=["callback_from_hour", "callback_to_hour"])
            # Callbacks still to come follow the new hours.
            consumer_callbacks = Callback.objects.filter(complaint__consumer=consumer,
                                                         status=Callback.Status.PENDING)
            consumer_callbacks.update(window_start=start, window_end=end)
            messages.success(request, tr("回访时段已保存。", "Callback hours saved."))
        return redirect("web:privacy")
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, tr("请勾选确认：删除后无法恢复。",
                                       "Tick the box to confirm: erasure cannot be undone."))
        elif consumer is None:
            messages.success(request, tr("平台没有保存您的投诉个人信息。",
                                         "The platform holds no complaint data about you."))
        else:
            report = erase_consumer(consumer, by=request.user,
                                    reason=request.POST.get("reason", "")[:500] or "consumer request")
            messages.success(request, tr(
                f"已删除 {report.complaints} 件投诉中的个人信息（{report.evidence_files} 个证据文件）。",
                f"Personal data removed from {report.complaints} complaint(s) "
                f"({report.evidence_files} evidence files)."))
            return redirect("web:privacy")
    counts = {
        "complaints": consumer.complaints.count() if consumer else 0,
        "erased_at": consumer.erased_at if consumer else None,
    }
    return render(request, "web/consumer/privacy.html", {"consumer": consumer, **counts,
                                                          "now": timezone.now(),
                                                          "hours": range(0, 25)})
