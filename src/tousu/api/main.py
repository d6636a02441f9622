"""The NinjaAPI instance and the mapping of every failure onto one JSON error shape."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from tousu import __version__
from tousu.api import (
    collectives,
    complaints,
    emergency,
    merchants,
    privacy,
    scenarios,
    stats,
    tokens,
)
from tousu.api.auth import AUTH
from tousu.api.errors import BadBody, error_response
from tousu.api.parser import StrictJSONParser
from tousu.complaints.services import ServiceError
from tousu.core.access import Denied
from tousu.core.evidence import EvidenceRejected
from tousu.core.lifecycle import IllegalTransition, ReasonRequired, TransitionError

api = NinjaAPI(
    title="tousu API",
    version=__version__,
    description=(
        "投诉平台接口。Authenticate with `Authorization: Bearer <token>` (from "
        "`POST /api/auth/token`) or a browser session. Every error is "
        '`{"error": {"code", "message", "fields"?}}`.'
    ),
    auth=AUTH,
    parser=StrictJSONParser(),
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("", complaints.router)
api.add_router("", merchants.router)
api.add_router("", stats.router)
api.add_router("", tokens.router)
api.add_router("", scenarios.router)
api.add_router("", privacy.router)
api.add_router("", emergency.router)
api.add_router("", collectives.router)


_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}
_WRAPPERS = {"payload", "filters"}  # the view's own argument names, unknown to clients


def _loc(parts: tuple | list) -> str:
    """("body", "payload", "amount") -> "amount": clients know their own field names."""
    parts = [str(p) for p in parts]
    if parts and parts[0] in _SOURCES:
        source = parts.pop(0)
        if parts and parts[0] in _WRAPPERS:
            parts.pop(0)
        return ".".join(parts) or source
    return ".".join(parts) or "body"


@api.exception_handler(ValidationError)
def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = [
        {"field": _loc(e.get("loc", ())), "message": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors
    ]
    summary = "; ".join(f"{f['field']}: {f['message']}" for f in fields[:5])
    return error_response(422, "invalid_fields", f"invalid request: {summary}", fields)


@api.exception_handler(AuthenticationError)
def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(
        401, "not_authenticated",
        "log in or send Authorization: Bearer <token> (see POST /api/auth/token)",
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    cause = exc.__cause__
    if isinstance(cause, BadBody):
        return error_response(cause.status, cause.code, str(cause))
    if isinstance(cause, RequestDataTooBig):
        return error_response(413, "body_too_large", "the request body is too large")
    if exc.status_code == 403 and "CSRF" in str(exc):
        return error_response(
            403, "csrf_failed",
            "CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken header, "
            "or use a bearer token",
        )
    return error_response(exc.status_code, "http_error", str(exc))


@api.exception_handler(Http404)
def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404, "not_found", "no such object, or it is not yours to see")


@api.exception_handler(Denied)
def on_denied(request: HttpRequest, exc: Denied) -> HttpResponse:
    if exc.hide:
        return error_response(404, "not_found", "no such object, or it is not yours to see")
    return error_response(403, "forbidden", str(exc))


@api.exception_handler(TransitionError)
def on_transition(request: HttpRequest, exc: TransitionError) -> HttpResponse:
    if isinstance(exc, IllegalTransition):
        status = 409
    elif isinstance(exc, ReasonRequired):
        status = 422
    else:
        status = 403
    return error_response(status, exc.code, str(exc))


@api.exception_handler(ServiceError)
def on_service(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return error_response(exc.status, exc.code, str(exc))


@api.exception_handler(EvidenceRejected)
def on_evidence(request: HttpRequest, exc: EvidenceRejected) -> HttpResponse:
    status = 413 if exc.code == "file_too_large" else 422
    return error_response(status, exc.code, str(exc))


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return error_response(413, "body_too_large", "the request body is too large")
