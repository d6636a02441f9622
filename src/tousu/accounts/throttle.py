"""Sign-in attempts: after too many failures for one account from one place, wait.

The key is the username with the keyed hash of the client's address, so guessing one
account's password is slowed without letting anyone lock a real user out from elsewhere.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from tousu.accounts.models import LoginFailure
from tousu.secure.client import client_source


def key_for(request: HttpRequest, username: str) -> str:
    return f"{(username or '').strip().lower()[:150]}|{client_source(request)[:40]}"


def _window() -> timedelta:
    return timedelta(minutes=settings.TOUSU_LOGIN_LOCK_MINUTES)


def blocked(key: str) -> bool:
    since = timezone.now() - _window()
    return LoginFailure.objects.filter(key=key, at__gte=since).count() >= \
        settings.TOUSU_LOGIN_MAX_FAILURES


def failed(key: str) -> None:
    now = timezone.now()
    LoginFailure.objects.create(key=key, at=now)
    LoginFailure.objects.filter(at__lt=now - 2 * _window()).delete()


def succeeded(key: str) -> None:
    LoginFailure.objects.filter(key=key).delete()
