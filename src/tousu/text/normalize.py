"""Text normalisation shared by training, patterns and prediction.

Consumers type full-width digits and letters (１２３, ＡＢＣ), mixed case English and stray
whitespace. Normalising once, the same way everywhere, keeps the patterns in the catalog and
the features the model learned looking at the same characters.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Return NFKC-normalised, lower-cased text with runs of whitespace collapsed.

    NFKC folds full-width forms onto ASCII (so ``ＱＱ`` matches the pattern ``qq``) without
    touching Chinese characters.
    """
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).lower()
    return _SPACE.sub(" ", folded).strip()
