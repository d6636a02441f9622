"""What every console shares: access checks, the role's landing page, one complaint's page
data, and the actions any party can take on a complaint (message, evidence, transition)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tousu.audit import log as audit
from tousu.complaints import services
from tousu.complaints.models import Complaint
from tousu.core.access import Denied, Perm, authorize
from tousu.core.lifecycle import TransitionError, actions_for
from tousu.core.roles import STAFF_ROLES, Role
from tousu.secure.exposure import sees_original
from tousu.web.forms import SignupForm
from tousu.web.templatetags.ui import tr


def require(request: HttpRequest, perm: Perm, complaint: Complaint | None = None) -> None:
    """The one access policy, answered as a browser page: 403, or 404 where the policy says
    even the complaint's existence is not the caller's business (as the API does)."""
    subject = services.subject_of(complaint) if complaint is not None else None
    try:
        authorize(request.user.as_actor(), perm, subject)
    except Denied as exc:
        if exc.hide:
            raise Http404("no such complaint") from None
        raise PermissionDenied(str(exc)) from None


def role_home(user) -> str:
    role = user.effective_role
    if role is Role.MERCHANT_AGENT:
        return "/m/"
    if role in STAFF_ROLES:
        return "/staff/"
    if role is Role.REGULATOR:
        return "/staff/stats"
    return "/me/"


def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(role_home(request.user))
    return render(request, "web/landing.html")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(role_home(request.user))


def safe_next(request: HttpRequest, target: str, default: str) -> str:
    """``target`` when it stays on this site, else ``default``: a ``?next=`` pointing
    elsewhere would let a crafted link send a freshly signed-in user to a phishing page."""
    if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        audit.record(user, "user.signup", "user", user.pk, {})
        return redirect(safe_next(request, request.GET.get("next", ""), "/me/"))
    return render(request, "registration/signup.html", {"form": form})


def related_or_none(obj, name: str):
    """A reverse one-to-one (``complaint.rating``) or None, looked up once: ``hasattr`` then
    ``getattr`` queries twice when the row is missing, because a miss is not cached."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def complaint_page(request: HttpRequest, complaint: Complaint) -> dict:
    """Everything a complaint's page shows, the same for every role that may see it.

    Personal data is shown unmasked only to the complainant and platform staff, and
    every such read is audited, as in the API.
    """
    user = request.user
    owner = services.is_owner(user, complaint)
    original = sees_original(user.as_actor(), is_owner=owner)
    if original:
        audit.record(user, "pii.read", "complaint", complaint.pk, {"what": "web page"})
    role = user.effective_role
    rating = related_or_none(complaint, "rating")
    return {
        "c": complaint,
        "is_owner": owner,
        "title": complaint.title_original if original else complaint.title,
        "narrative": complaint.narrative if original else complaint.narrative_masked,
        "events": complaint.events.select_related("actor").order_by("created_at", "id"),
        "thread": complaint.messages.select_related("author").order_by("created_at", "id"),
        "evidence": complaint.evidence.order_by("uploaded_at"),
        "actions": [a.value for a in actions_for(complaint.state, role, is_owner=owner)],
        "rating": rating,
        "can_rate": owner and complaint.state in services.RATABLE_STATES and rating is None,
        "open": complaint.state not in ("rejected", "closed", "withdrawn"),
        "calls": complaint.callbacks.exclude(status="cancelled").order_by("created_at"),
    }


def _back(request: HttpRequest, complaint: Complaint) -> HttpResponse:
    role = request.user.effective_role
    if role is Role.MERCHANT_AGENT:
        return redirect("web:merchant_complaint", complaint.pk)
    if role in STAFF_ROLES:
        return redirect("web:staff_complaint", complaint.pk)
    return redirect("web:my_complaint", complaint.pk)


def _load(request: HttpRequest, complaint_id: int, perm: Perm) -> Complaint:
    complaint = get_object_or_404(Complaint.objects.select_related("merchant", "consumer"),
                                  pk=complaint_id)
    require(request, perm, complaint)
    return complaint


@login_required
@require_POST
def post_message(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = _load(request, complaint_id, Perm.MESSAGE)
    body = request.POST.get("body", "").strip()
    if not body:
        messages.error(request, tr("留言不能为空。", "The message is empty."))
    elif len(body) > 5000:
        messages.error(request, tr("留言最多 5000 字。", "Messages are limited to 5000 characters."))
    else:
        try:
            services.add_message(complaint, user=request.user, body=body)
            messages.success(request, tr("留言已发送。", "Message sent."))
        except services.ServiceError as exc:
            messages.error(request, str(exc))
    return _back(request, complaint)


@login_required
@require_POST
def upload_evidence(request: HttpRequest, complaint_id: int) -> HttpResponse:
    from tousu.web.forms import EvidenceField

    complaint = _load(request, complaint_id, Perm.UPLOAD_EVIDENCE)
    try:
        files = EvidenceField(required=True).clean(request.FILES.getlist("evidence"))
        with transaction.atomic():
            for f in files:
                services.add_evidence(complaint, user=request.user, stream=f, name=f.name,
                                      size=f.size)
        messages.success(request, tr(f"已上传 {len(files)} 个文件。",
                                     f"{len(files)} file(s) uploaded."))
    except Exception as exc:  # noqa: BLE001 - every refusal is shown, nothing is kept
        from django import forms

        if not isinstance(exc, forms.ValidationError | services.ServiceError):
            raise
        text = "; ".join(exc.messages) if isinstance(exc, forms.ValidationError) else str(exc)
        messages.error(request, text or tr("请选择文件。", "Choose a file."))
    return _back(request, complaint)


@login_required
def download_evidence(request: HttpRequest, complaint_id: int, evidence_id: int):
    from django.http import FileResponse

    complaint = _load(request, complaint_id, Perm.READ_EVIDENCE)
    item = get_object_or_404(complaint.evidence, pk=evidence_id)
    audit.record(request.user, "evidence.read", "complaint", complaint.pk, {"id": item.pk})
    response = FileResponse(item.file.open("rb"), content_type=item.mime)
    # Photos open in the browser; anything else (PDF, text) downloads, since a sandboxed
    # document cannot run the browser's PDF viewer anyway.
    disposition = "inline" if item.mime.startswith("image/") else "attachment"
    extension = item.file.name.rsplit(".", 1)[-1]
    response["Content-Disposition"] = f'{disposition}; filename="{item.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    # Shown inline so a photo opens in the browser, but a PDF or image that is also HTML
    # gets no script, no origin and no requests: the same policy as the API's download.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


@login_required
@require_POST
def act(request: HttpRequest, complaint_id: int) -> HttpResponse:
    """One lifecycle step from a button (a reply's text lands in the thread by itself)."""
    complaint = _load(request, complaint_id, Perm.TRANSITION)
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "").strip()
    try:
        with transaction.atomic():
            services.transition(complaint.pk, user=request.user, action=action, reason=reason)
            if action == "accept" and request.POST.get("then") == "forward":
                services.transition(complaint.pk, user=request.user, action="forward")
    except TransitionError as exc:
        messages.error(request, _transition_message(exc))
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, tr("已更新。", "Updated."))
    return _back(request, complaint)


def _transition_message(exc: TransitionError) -> str:
    if exc.code == "reason_required":
        return tr("请填写理由或回复内容。", "Please give a reason or reply text.")
    if exc.code == "illegal_transition":
        return tr("投诉状态已变化，这一步现在不能进行，请刷新页面。",
                  "The complaint has moved on; this step is no longer possible. Reload the page.")
    return tr("您没有权限进行这一步。", "You may not take this step.")


@login_required
@require_POST
def rate(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = _load(request, complaint_id, Perm.READ)
    try:
        score = int(request.POST.get("score", ""))
    except ValueError:
        messages.error(request, tr("请选择 1 到 5 星。", "Choose 1 to 5 stars."))
        return _back(request, complaint)
    try:
        services.rate(complaint, user=request.user, score=score,
                      comment=request.POST.get("comment", ""))
        messages.success(request, tr("感谢您的评价。", "Thank you for your rating."))
    except services.ServiceError as exc:
        messages.error(request, str(exc) if exc.status != 422 else
                       tr("请选择 1 到 5 星。", "Choose 1 to 5 stars."))
    return _back(request, complaint)
