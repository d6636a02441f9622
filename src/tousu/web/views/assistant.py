"""The assistant page: answers from the playbooks, a person one click away at every turn.

Works with and without JavaScript: with htmx only the conversation log is swapped; without
it every form posts and comes back to the page.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from tousu.chat import services as chat
from tousu.chat.models import Conversation

_SESSION = "chat_conversation"


def _current(request: HttpRequest, create: bool) -> Conversation | None:
    """This browser's conversation; a consumer who signs in keeps it."""
    pk = request.session.get(_SESSION)
    conversation = None
    if pk:
        conversation = Conversation.objects.filter(pk=pk).first()
        if conversation is not None and conversation.user_id is not None and (
            conversation.user_id != getattr(request.user, "pk", None)
        ):
            conversation = None  # someone else signed in on this browser
    if conversation is None and create:
        if not request.session.session_key:
            request.session.save()
        lang = "en" if (get_language() or "").startswith("en") else "zh"
        conversation = chat.start(user=request.user, session_key=request.session.session_key,
                                  lang=lang)
        request.session[_SESSION] = conversation.pk
    elif conversation is not None and conversation.user_id is None and \
            request.user.is_authenticated:
        conversation.user = request.user
        conversation.save(update_fields=["user"])
    return conversation


def _log(request: HttpRequest, conversation: Conversation | None, error: str = "") -> HttpResponse:
    return render(request, "web/assistant/_log.html", {
        "conversation": conversation,
        "turns": conversation.turns.all() if conversation else [],
        "error": error,
    })


def page(request: HttpRequest) -> HttpResponse:
    conversation = _current(request, create=False)
    return render(request, "web/assistant/page.html", {
        "conversation": conversation,
        "turns": conversation.turns.all() if conversation else [],
        "starters": ["自动续费怎么退款", "快递丢了商家不赔怎么办", "商家多久必须回复我",
                     "怎么删除我的个人信息"],
    })


def log(request: HttpRequest) -> HttpResponse:
    return _log(request, _current(request, create=False))


@require_POST
def say(request: HttpRequest) -> HttpResponse:
    conversation = _current(request, create=True)
    error = ""
    try:
        chat.say(conversation, request.POST.get("text", ""), user=request.user)
    except chat.ChatError as exc:
        error = str(exc)
    if request.htmx:
        return _log(request, conversation, error)
    if error:
        messages.error(request, error)
    return redirect("web:assistant")


@require_POST
def human(request: HttpRequest) -> HttpResponse:
    """转人工: one click, from any state, never refused."""
    conversation = _current(request, create=True)
    chat.request_human(conversation)
    if request.htmx:
        return _log(request, conversation)
    return redirect("web:assistant")
