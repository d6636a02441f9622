"""Exchange a username and password for an API token."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Router, Status

from tousu.accounts import throttle
from tousu.accounts.models import ApiToken
from tousu.api.errors import error_response
from tousu.api.schemas import ErrorOut, TokenIn, TokenOut

router = Router(tags=["auth"])


@router.post("/auth/token", auth=None, response={201: TokenOut, 400: ErrorOut, 401: ErrorOut,
                                                 422: ErrorOut, 429: ErrorOut},
             summary="获取 API 令牌 Get an API token")
def issue_token(request: HttpRequest, payload: TokenIn):
    key = throttle.key_for(request, payload.username)
    if throttle.blocked(key):
        return error_response(429, "too_many_attempts",
                              "too many failed sign-ins; wait "
                              f"{settings.TOUSU_LOGIN_LOCK_MINUTES} minutes and try again")
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        throttle.failed(key)
        return error_response(401, "bad_credentials", "wrong username or password")
    throttle.succeeded(key)
    _, raw = ApiToken.issue(user, name="password-exchange")
    return Status(201, {"token": raw, "role": user.effective_role.value})
