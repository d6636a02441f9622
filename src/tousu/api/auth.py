"""API authentication: bearer tokens for programs, the session cookie for the web UI."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from tousu.accounts.models import ApiToken, User


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = ApiToken.authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionUserAuth(SessionAuth):
    """Session login, with Django's CSRF check on unsafe methods.

    Without a logged-in session there is nothing for a forged request to ride on, so the
    CSRF check is skipped and the caller gets a plain 401 instead of a misleading 403.
    """

    def __call__(self, request: HttpRequest) -> User | None:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


AUTH = [TokenAuth(), SessionUserAuth()]
