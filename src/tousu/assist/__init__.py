"""tousu.assist — the consumer portal's assistant core (M4), framework-free.

::

    from tousu.assist import respond

    turn = respond("自动续费怎么退款")
    turn.kind       # "answer" | "clarify" | "emergency"
    turn.text       # the reply; "" for an emergency (a person takes the chat)

Answers come from ``faq.yaml`` (platform questions) and the scenario playbooks of
:mod:`tousu.text`; emergencies are decided by :func:`tousu.text.analyze`, exactly as on
complaint intake.
"""

from .bot import BotTurn, detect_lang, respond, warm_up
from .entries import Entry
from .knowledge import KnowledgeBase, build_knowledge, load_knowledge

__all__ = [
    "BotTurn",
    "Entry",
    "KnowledgeBase",
    "build_knowledge",
    "detect_lang",
    "load_knowledge",
    "respond",
    "warm_up",
]
