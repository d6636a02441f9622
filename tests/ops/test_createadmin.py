from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tousu.accounts.models import User
from tousu.cli import main


def test_createadmin_makes_a_working_administrator(db):
    call_command("createadmin", "--username", "boss", "--password", "Zhong-Guo-2026!",
                 stdout=io.StringIO())
    user = User.objects.get(username="boss")
    assert user.is_superuser and user.is_staff and user.role == "admin"
    assert user.check_password("Zhong-Guo-2026!")


def test_createadmin_refuses_weak_password(db):
    with pytest.raises(CommandError, match="太短|太常见"):
        call_command("createadmin", "--password", "123456", stdout=io.StringIO())
    assert not User.objects.exists()


def test_tousu_command_lists_its_subcommands(capsys):
    main(["help"])
    out = capsys.readouterr().out
    for name in ("demo", "serve", "import", "createadmin", "migrate"):
        assert name in out


def test_privacy_eval_command_reports_every_kind(capsys):
    from django.core.management import call_command

    call_command("privacy-eval")
    out = capsys.readouterr().out
    for kind in ("phone", "id_card", "bank_card", "email", "name", "address"):
        assert kind in out
    assert "MISSED" not in out
