from __future__ import annotations

import pytest

from tousu.core.evidence import EvidenceRejected, check_file, safe_name, sniff

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def test_type_comes_from_content_not_name() -> None:
    assert sniff(PNG).mime == "image/png"
    assert sniff(b"%PDF-1.7\n").mime == "application/pdf"
    assert sniff("聊天记录：客服说三天内退款".encode()).mime == "text/plain"
    assert sniff(b"MZ\x90\x00\x03\x00\x00\x00") is None  # a Windows executable
    assert sniff(b"PK\x03\x04\x14\x00") is None  # zip archives are not evidence


def test_limits() -> None:
    with pytest.raises(EvidenceRejected) as exc:
        check_file(PNG, 11, max_bytes=10)
    assert exc.value.code == "file_too_large"
    with pytest.raises(EvidenceRejected) as exc:
        check_file(b"", 0, max_bytes=10)
    assert exc.value.code == "empty_file"


@pytest.mark.parametrize("name,expected", [
    ("../../etc/passwd", "passwd.png"),
    ("..\\..\\windows\\win.ini", "win.png"),
    ("截图 2026-10-01.png", "截图 2026-10-01.png"),
    ("invoice.pdf.exe", "invoice.pdf.png"),
    ("", "evidence.png"),
    ("a\x00b<script>.png", "a_b_script_.png"),
])
def test_safe_names(name: str, expected: str) -> None:
    assert safe_name(name, sniff(PNG)) == expected
