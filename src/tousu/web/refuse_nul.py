"""Refuse a NUL byte anywhere in a request's path, query or form before a view sees it.

No user types a NUL; it arrives from fuzzers and from broken clients. PostgreSQL cannot
store or even compare text containing it (a DataError and a 500 deep inside a search or a
sign-in), FTS5 reads it as the end of a string, and SQLite would keep it silently. One
check here covers every page and API endpoint, including ones added later. JSON bodies
are covered by the API schemas, which refuse control characters field by field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.multipartparser import MultiPartParserError

from tousu.api.errors import error_response

_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(pairs: Iterable[tuple[str, list[str]]]) -> str | None:
    for key, values in pairs:
        if "\x00" in key or any("\x00" in v for v in values):
            return key.replace("\x00", "\\x00")
    return None


def _form_nul(request: HttpRequest) -> str | None:
    """The form field holding a NUL, for web forms (url-encoded or multipart).

    API bodies are left to the API: its JSON schemas refuse control characters and its
    multipart errors keep the API's error shape. A malformed multipart body is left for
    the view, which meets the same parse error and answers 400 as before.
    """
    if request.path.startswith("/api/") or request.content_type not in _FORMS:
        return None
    try:
        return _has_nul(request.POST.lists())
    except MultiPartParserError:
        return None


class RefuseNulMiddleware:
    """Answer 400 naming the parameter that holds a NUL byte; nothing is read or written."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        where = None
        if "\x00" in request.path:
            where = "the path"
        elif (name := _has_nul(request.GET.lists())) is not None:
            where = f"query parameter {name!r}"
        elif request.method == "POST" and (name := _form_nul(request)) is not None:
            where = f"form field {name!r}"
        if where is None:
            return self.get_response(request)
        message = f"{where} contains a NUL byte (\\x00), which no field accepts"
        if request.path.startswith("/api/"):
            return error_response(400, "nul_byte", message)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
