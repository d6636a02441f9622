"""Checks on evidence files before anything is stored.

Types are decided from the file's first bytes, never from the name or the
Content-Type the client claims, because both are under the uploader's control.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass

MAX_NAME_CHARS = 120


@dataclass(frozen=True)
class FileKind:
    mime: str
    extension: str


class EvidenceRejected(ValueError):
    """The file may not be stored; ``code`` is stable for API clients."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


_SIGNATURES: tuple[tuple[bytes, FileKind], ...] = (
    (b"\xff\xd8\xff", FileKind("image/jpeg", "jpg")),
    (b"\x89PNG\r\n\x1a\n", FileKind("image/png", "png")),
    (b"GIF87a", FileKind("image/gif", "gif")),
    (b"GIF89a", FileKind("image/gif", "gif")),
    (b"%PDF-", FileKind("application/pdf", "pdf")),
)


#: Every media type evidence can be stored (and served) as, for the API's documentation.
MEDIA_TYPES: tuple[str, ...] = ("image/jpeg", "image/png", "image/gif", "application/pdf",
                                "image/webp", "image/heic", "text/plain")


def sniff(head: bytes) -> FileKind | None:
    """Recognise the allowed kinds from the first bytes (at least 16 are needed)."""
    for magic, kind in _SIGNATURES:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FileKind("image/webp", "webp")
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1"):
        return FileKind("image/heic", "heic")
    if _looks_like_text(head):
        return FileKind("text/plain", "txt")
    return None


def _looks_like_text(head: bytes) -> bool:
    # Chat exports and transaction records are often plain UTF-8 text files.
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        return exc.start >= len(head) - 3 and exc.reason == "unexpected end of data"
    return True


def check_file(head: bytes, size: int, *, max_bytes: int) -> FileKind:
    if size == 0:
        raise EvidenceRejected("empty_file", "the evidence file is empty")
    if size > max_bytes:
        raise EvidenceRejected(
            "file_too_large",
            f"the evidence file is {size} bytes; the limit is {max_bytes} bytes",
        )
    kind = sniff(head)
    if kind is None:
        raise EvidenceRejected(
            "unsupported_type",
            "evidence must be a JPEG, PNG, GIF, WebP or HEIC image, a PDF, or UTF-8 text",
        )
    return kind


_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def safe_name(name: str, kind: FileKind) -> str:
    """A display name that cannot climb directories or smuggle another extension.

    The stored file gets a random name anyway; this is what people see and download.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = os.path.basename(name.replace("\\", "/"))
    name = _UNSAFE.sub("_", name)
    # Format characters (category Cf: U+202E RIGHT-TO-LEFT OVERRIDE and friends) make
    # "invoice\u202efdp.png" display as "invoicegnp.pdf"; they have no place in a file name.
    name = "".join(ch for ch in name if unicodedata.category(ch) != "Cf").strip(" .")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem[: MAX_NAME_CHARS - len(kind.extension) - 1] or "evidence"
    return f"{stem}.{kind.extension}"
