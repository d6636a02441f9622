"""A strict JSON body parser with errors a client can act on."""

from __future__ import annotations

import json

from django.http import HttpRequest
from ninja.parser import Parser

from tousu.api.errors import BadBody


class StrictJSONParser(Parser):
    """Parse UTF-8 JSON objects only.

    The stock parser lets ``json.loads`` guess UTF-16/32 and accepts any top-level
    value; here a wrong encoding or shape is named precisely instead of surfacing as a
    confusing field error.
    """

    def parse_body(self, request: HttpRequest) -> dict:
        content_type = (request.content_type or "").lower()
        if content_type not in ("application/json", "") and not content_type.endswith("+json"):
            raise BadBody(
                "unsupported_media_type",
                f"send the body as application/json, not {content_type}",
                status=415,
            )
        charset = (request.encoding or "utf-8").lower().replace("_", "-")
        if charset not in ("utf-8", "utf8"):
            raise BadBody("bad_encoding", f"the body must be UTF-8, not {charset}")
        try:
            text = request.body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadBody(
                "bad_encoding",
                f"the body is not valid UTF-8 (byte 0x{exc.object[exc.start]:02x} at "
                f"offset {exc.start})",
            ) from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BadBody(
                "malformed_json", f"malformed JSON at line {exc.lineno} column {exc.colno}: "
                f"{exc.msg}"
            ) from None
        if not isinstance(data, dict):
            raise BadBody("malformed_json", "the JSON body must be an object")
        return data
