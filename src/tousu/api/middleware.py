"""Refuse oversized API bodies before any of them is read."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from tousu.api.errors import error_response

# Multipart framing around an evidence file: boundaries and part headers.
_MULTIPART_SLACK = 64 * 1024


class BodyLimitMiddleware:
    """Answer 413 with a JSON body when Content-Length exceeds the endpoint's limit.

    Django would otherwise raise deep inside request parsing and answer a bare 400.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            limit = self._limit_for(request)
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return error_response(400, "bad_content_length", "Content-Length is not a number")
            if length > limit:
                return error_response(
                    413,
                    "body_too_large",
                    f"the request body is {length} bytes; this endpoint accepts at most "
                    f"{limit} bytes",
                )
        return self.get_response(request)

    @staticmethod
    def _limit_for(request: HttpRequest) -> int:
        if request.path.rstrip("/").endswith("/evidence"):
            return settings.TOUSU_MAX_EVIDENCE_BYTES + _MULTIPART_SLACK
        return settings.TOUSU_MAX_JSON_BYTES
