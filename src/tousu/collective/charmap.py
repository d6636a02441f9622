"""A code-point table that turns :func:`.fingerprint.clean` into one numpy look-up.

Why: ``clean`` is a regular expression, a normalisation check and ``lower()`` per text —
about 11 µs a complaint, i.e. 11 s of a 1,000,000 complaint import. For almost every text
the same result is a per-character table look-up: drop what ``[\\W\\d_]`` matches, lower-case
the rest. That is exact only when nothing in the kept text can change under NFKC or under
context-dependent lower-casing, so characters that might are marked :data:`SPECIAL`, and a
text containing one goes through ``clean`` itself. ``tests/collective`` checks the table
against ``clean`` for every code point.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

MAX_CP = 0x110000
#: table value for a kept character the table cannot decide (the text takes the slow path)
SPECIAL = np.uint32(0xFFFFFFFF)

_KEEP = re.compile(r"[^\W\d_]")  # exactly the characters clean()'s [\W\d_]+ does not strip
_FINAL_SIGMA = "\u03a3"  # lowers to ς or σ depending on the next character


def _compose_seconds(decompositions: list[str]) -> set[str]:
    """Characters that NFC may join to the character before them."""
    seconds = {chr(c) for c in range(0x1161, 0x1176)}  # Hangul vowel jamo (LV syllables)
    seconds.update(chr(c) for c in range(0x11A8, 0x11C3))  # Hangul trailing jamo (LVT)
    for dec in decompositions:
        if dec and not dec.startswith("<"):
            parts = dec.split()
            if len(parts) == 2:
                seconds.add(chr(int(parts[1], 16)))
    return seconds


@lru_cache(maxsize=1)
def table() -> np.ndarray:
    """``uint32[MAX_CP]``: 0 = stripped, :data:`SPECIAL` = undecidable, else the lowered code point.

    Built once per process (~0.5 s), only by bulk fingerprinting.
    """
    everything = "".join(map(chr, range(MAX_CP)))
    decompositions = list(map(unicodedata.decomposition, everything))
    seconds = _compose_seconds(decompositions)
    kept = [m.start() for m in _KEEP.finditer(everything)]
    chars = [everything[c] for c in kept]
    lows = list(map(str.lower, chars))
    nfkc = map(unicodedata.normalize, ["NFKC"] * len(chars), chars)
    out = np.zeros(MAX_CP, dtype=np.uint32)
    for cp, ch, low, norm, comb in zip(kept, chars, lows, nfkc,
                                       map(unicodedata.combining, chars), strict=True):
        simple = (len(low) == 1 and ch != _FINAL_SIGMA and not comb and norm == ch
                  and not decompositions[cp] and ch not in seconds)
        out[cp] = ord(low) if simple else SPECIAL
    return out
