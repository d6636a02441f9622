"""One error shape for every 4xx the API gives, so clients handle failures one way.

``{"error": {"code": "...", "message": "...", "fields": [...]}}`` — ``code`` is stable
and machine-readable, ``message`` says what to fix.
"""

from __future__ import annotations

from django.http import JsonResponse


def error_response(
    status: int, code: str, message: str, fields: list[dict] | None = None
) -> JsonResponse:
    body: dict = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return JsonResponse({"error": body}, status=status, json_dumps_params={"ensure_ascii": False})


class BadBody(ValueError):
    """The request body could not be read as the JSON object the endpoint expects."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
