"""The assistant's conversations: emergencies skip the bot, a person is always reachable,
and the time to a person is recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tousu.chat import services as chat
from tousu.chat.models import Conversation, Turn


@pytest.fixture
def conversation(db):
    return chat.start(user=None, session_key="s1", lang="zh")


def test_an_emergency_gets_no_bot_reply_and_waits_for_a_person(conversation):
    turns = chat.say(conversation, "我的银行卡刚被盗刷了三笔，卡一直在我身上")
    assert [t.side for t in turns] == ["user", "system"]
    conversation.refresh_from_db()
    assert conversation.status == "waiting" and conversation.emergency
    assert conversation.handoff_reason == "emergency" and conversation.emergency_reasons
    assert list(chat.human_queue(emergency=True)) == [conversation]
    # Later messages wait for the person too: the bot stays quiet.
    chat.say(conversation, "还在扣钱")
    assert not conversation.turns.filter(side="bot").exists()


def test_a_question_gets_an_answer_with_its_legal_basis(conversation):
    turns = chat.say(conversation, "自动续费扣了钱怎么退款")
    bot = turns[-1]
    assert bot.side == "bot" and bot.data["kind"] == "answer"
    assert bot.data["citations"] and bot.body
    conversation.refresh_from_db()
    assert conversation.status == "bot"


def test_asking_for_a_person_works_from_every_state(conversation, people):
    staff = people["moderator"]
    assert chat.request_human(conversation) is not None
    first = conversation.handoff_at
    assert chat.request_human(conversation) is None  # asking twice keeps the place
    conversation.refresh_from_db()
    assert conversation.handoff_at == first and conversation.status == "waiting"

    chat.take(conversation.pk, staff)
    conversation.refresh_from_db()
    assert conversation.status == "with_human"
    assert chat.request_human(conversation) is None  # already with a person

    chat.close(conversation, staff)
    assert chat.request_human(conversation) is not None  # a new request after closing
    conversation.refresh_from_db()
    assert conversation.status == "waiting" and conversation.human_at is None


def test_time_to_human_is_recorded_once(conversation, people):
    now = timezone.now()
    chat.request_human(conversation, now=now)
    chat.take(conversation.pk, people["moderator"], now=now + timedelta(seconds=95))
    chat.take(conversation.pk, people["mediator"], now=now + timedelta(seconds=300))
    conversation.refresh_from_db()
    assert conversation.seconds_to_human == 95 and conversation.human_by == people["moderator"]
    report = chat.time_to_human_report()
    assert report["asked"].count == 1 and report["asked"].p50 == timedelta(seconds=95)
    assert report["emergency"].count == 0


def test_empty_and_oversized_messages_are_refused(conversation):
    with pytest.raises(chat.ChatError):
        chat.say(conversation, "   ")
    with pytest.raises(chat.ChatError):
        chat.say(conversation, "退" * (chat.MAX_MESSAGE_CHARS + 1))
    assert not Turn.objects.exists()


def test_the_chat_pages_for_a_visitor(db):
    browser = Client()
    page = browser.get("/assistant")
    assert "转人工" in page.content.decode()
    browser.post("/assistant/say", {"text": "商家多久必须回复我"}, HTTP_HX_REQUEST="true")
    conversation = Conversation.objects.get()
    assert conversation.user is None and conversation.turns.filter(side="bot").exists()
    log = browser.post("/assistant/human", HTTP_HX_REQUEST="true")
    assert 'data-status="waiting"' in log.content.decode()
    # Another browser does not see this conversation.
    other = Client().get("/assistant/log").content.decode()
    assert "商家多久必须回复我" not in other


def test_staff_see_and_answer_the_queue_but_others_do_not(db, people):
    conversation = chat.start(user=people["consumer"], session_key="", lang="zh")
    chat.say(conversation, "有人冒充客服让我转账，我已经转了一万块")
    staff = Client()
    staff.force_login(people["moderator"])
    assert f"#{conversation.pk}" in staff.get("/staff/emergencies").content.decode()
    staff.post(f"/staff/chats/{conversation.pk}", {"do": "reply", "body": "已为您联系止付"})
    conversation.refresh_from_db()
    assert conversation.status == "with_human" and conversation.human_by == people["moderator"]
    for who in ("consumer", "agent", "regulator"):
        c = Client()
        c.force_login(people[who])
        assert c.get(f"/staff/chats/{conversation.pk}").status_code == 403


@pytest.mark.parametrize("text", ["转人工", "我要找人工客服", "talk to a human please"])
def test_typing_for_a_person_is_the_same_as_the_button(conversation, text):
    turns = chat.say(conversation, text)
    assert [t.side for t in turns] == ["user", "system"]
    conversation.refresh_from_db()
    assert conversation.status == "waiting" and conversation.handoff_reason == "asked"
