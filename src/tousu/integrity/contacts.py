"""Contact keys: the same phone, e-mail or ID number always gives the same opaque key.

Why keys and not the values: the integrity index only needs to know that two complaints
share a contact, never what the contact is, and its reasons are shown to moderators. The key
is the project's blind index (:func:`tousu.privacy.crypto.blind_index`, keyed HMAC-SHA256
over the normalised value) prefixed with the kind, so

* ``"phone:" + consumer.phone_index`` (what the complaints app already stores, computed with
  ``index_key()`` and ``kind="phone"``) *is* the contact key of the account phone, and
* a number written in the text, keyed here with the same secret, links to it.

Why also from the text: proxy agents often register each "consumer" account with the
consumer's own phone but write their own number into the narrative ("委托联系人电话：…").
:func:`contacts_from_text` finds phones, e-mails, ID and landline numbers with the privacy
detector (:mod:`tousu.privacy.detect`) so those count as contacts too.
"""

from __future__ import annotations

import re

from tousu.privacy.crypto import blind_index
from tousu.privacy.detect import Kind, detect, normalize_width

#: Kinds of personal data that identify a person or an agent and are worth linking on.
LINKABLE = frozenset({Kind.PHONE, Kind.EMAIL, Kind.ID_CARD, Kind.LANDLINE})

#: Cheap pre-filter: without a 7+ digit run or an @ the (slower) detector finds no contact.
_MAYBE = re.compile(r"\d[\d\s\-]{5,}\d|@")


def contact_key(kind: str, value: str, secret: str) -> str:
    """Opaque, stable key of one contact: ``kind:`` + the blind index of the value.

    ``kind`` is ``phone``, ``email``, ``id_card`` or ``landline`` (the privacy detector's
    kinds; it picks the normalisation, so "+86 138-1234-5678" and "13812345678" agree). Use
    one ``secret`` for every complaint — the complaints app's ``index_key()`` — otherwise
    equal contacts get different keys and nothing links.
    """
    return f"{kind}:{blind_index(value, secret, kind=kind)}"


def contacts_from_text(text: str, secret: str) -> tuple[str, ...]:
    """Keys of the phones, e-mails, ID and landline numbers written in ``text`` (sorted)."""
    if not _MAYBE.search(normalize_width(text)):
        return ()
    keys = {contact_key(str(s.kind), s.original, secret)
            for s in detect(text, names="none") if s.kind in LINKABLE}
    return tuple(sorted(keys))


def short(key: str) -> str:
    """A contact key shortened for display (``phone:3f2a9c1d0b7e``): enough to tell apart."""
    kind, _, digest = key.rpartition(":")
    return f"{kind}:{digest[:12]}" if kind else key[:16]
