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
    """Session login, with Django's CSRF check on unsafe methods."""


AUTH = [TokenAuth(), SessionUserAuth()]
