"""Shared fixtures: one user per role, two merchants, and an API client per user."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client

from tousu.core.roles import Role


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # Real hashing costs ~0.3 s a user; tests create dozens.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # Lifecycle tests drive every step by hand; tests of the funnel turn this back on.
    settings.TOUSU_AUTO_PATH = False
    settings.TOUSU_TEXT_MODEL = tmp_path / "models" / "scenario.joblib"


@dataclass
class Api:
    """A test client that speaks JSON with one user's bearer token."""

    client: Client
    token: str | None

    def _headers(self, extra: dict | None) -> dict:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
        for k, v in (extra or {}).items():
            headers["HTTP_" + k.upper().replace("-", "_")] = v
        return headers

    def get(self, path: str, **params):
        return self.client.get(path, params, **self._headers(None))

    def post(self, path: str, body=None, headers: dict | None = None, raw: bytes | str | None = None,
             content_type: str = "application/json"):
        data = raw if raw is not None else json.dumps(body if body is not None else {},
                                                      default=str)
        return self.client.post(path, data=data, content_type=content_type,
                                **self._headers(headers))

    def upload(self, path: str, name: str, content: bytes):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return self.client.post(path, {"file": SimpleUploadedFile(name, content)},
                                **self._headers(None))

    def delete(self, path: str):
        return self.client.delete(path, **self._headers(None))


@pytest.fixture
def merchants(db):
    from tousu.merchants.models import Merchant

    shop = Merchant.objects.create(name="易购商城", industry="ecommerce")
    wallet = Merchant.objects.create(name="速付钱包", industry="payment")
    return shop, wallet


@pytest.fixture
def people(db, merchants):
    """One user for each role, plus a second consumer and an agent of the other merchant."""
    from tousu.accounts.models import User

    shop, wallet = merchants

    def make(username: str, role: Role, **extra) -> User:
        return User.objects.create_user(username, password="pw-" + username, role=role.value,
                                        **extra)

    return {
        "consumer": make("alice", Role.CONSUMER),
        "other_consumer": make("bob", Role.CONSUMER),
        "agent": make("shop_agent", Role.MERCHANT_AGENT, merchant=shop),
        "other_agent": make("wallet_agent", Role.MERCHANT_AGENT, merchant=wallet),
        "moderator": make("mod", Role.MODERATOR),
        "mediator": make("med", Role.MEDIATOR),
        "regulator": make("reg", Role.REGULATOR),
        "admin": make("root", Role.ADMIN),
    }


@pytest.fixture
def api(people):
    """``api("consumer")`` is a client acting as that person; ``api(None)`` is anonymous."""
    from tousu.accounts.models import ApiToken

    def for_(who: str | None) -> Api:
        if who is None:
            return Api(Client(), None)
        _, raw = ApiToken.issue(people[who])
        return Api(Client(), raw)

    return for_


@pytest.fixture
def complaint_body(merchants):
    shop, _ = merchants
    return {
        "merchant_id": shop.pk,
        "title": "退货后一直不退款",
        "narrative": "10月3日在易购商城买的耳机退货了，商家签收半个月还没退款，客服一直说在处理。",
        "amount": "299.00",
        "demands": ["refund"],
        "channel": "web",
        "consent": True,
    }


@pytest.fixture
def filed(api, complaint_body):
    """A complaint filed by the consumer through the API, as its JSON."""
    response = api("consumer").post("/api/complaints", complaint_body)
    assert response.status_code == 201, response.content
    return response.json()


def amount(value: str) -> Decimal:
    return Decimal(value)
