"""Evidence upload attacks, through the API (multipart ``file``) and the web form
(``evidence``): archive bombs, polyglots, hostile file names.

Uploads are built by hand: Django's test client would take the basename of the file name
itself, and the point is to send the server the raw name.
"""

from __future__ import annotations

import functools
import io
import unicodedata
import zipfile
from pathlib import Path

import pytest
from django.test import Client

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 48
BOUNDARY = "----tousuSecurityBoundary7MA4YWxk"


def multipart(field: str, filename: bytes, content: bytes,
              content_type: bytes = b"application/octet-stream") -> bytes:
    return (
        f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"".encode()
        + filename + b"\"\r\nContent-Type: " + content_type + b"\r\n\r\n" + content
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


@pytest.fixture
def upload(people, filed):
    """``upload(filename, content, via="api"|"web")`` as the complainant."""
    from tousu.accounts.models import ApiToken

    _, token = ApiToken.issue(people["consumer"])
    web = Client(raise_request_exception=False)
    web.force_login(people["consumer"])
    api = Client(raise_request_exception=False)

    def send(filename: str | bytes, content: bytes, via: str = "api",
             content_type: bytes = b"application/octet-stream"):
        raw = filename.encode() if isinstance(filename, str) else filename
        if via == "api":
            return api.generic(
                "POST", f"/api/complaints/{filed['id']}/evidence",
                multipart("file", raw, content, content_type),
                content_type=f"multipart/form-data; boundary={BOUNDARY}",
                HTTP_AUTHORIZATION=f"Bearer {token}")
        return web.generic(
            "POST", f"/c/{filed['id']}/evidence", multipart("evidence", raw, content, content_type),
            content_type=f"multipart/form-data; boundary={BOUNDARY}")

    send.web = web
    send.api_headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    send.api = api
    return send


def _media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@functools.cache
def _zip_bomb() -> bytes:
    """~50 MB of zeros in a few tens of kilobytes, nested once more for good measure."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for n in range(5):
            z.writestr(f"zeros{n}.bin", b"\x00" * (10 * 1024 * 1024))
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bomb.zip", inner.getvalue())
        z.writestr("readme.txt", "打开看看")
    return outer.getvalue()


@pytest.fixture
def never_unzipped(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("an uploaded archive was opened")

    monkeypatch.setattr(zipfile.ZipFile, "__init__", refuse)
    monkeypatch.setattr("gzip.GzipFile.__init__", refuse)


# --- Archives ---------------------------------------------------------------------------


@pytest.mark.parametrize("via", ["api", "web"])
@pytest.mark.parametrize("name", ["bomb.zip", "bomb.png", "证据.pdf"])
def test_zip_bomb_is_refused_as_a_type_and_never_unpacked(name, via, upload, settings):
    from tousu.complaints.models import Evidence

    bomb = _zip_bomb()
    assert len(bomb) < 200 * 1024
    with pytest.MonkeyPatch.context() as mp:
        def refuse(*args, **kwargs):
            raise AssertionError("an uploaded archive was opened")

        mp.setattr(zipfile.ZipFile, "__init__", refuse)
        response = upload(name, bomb, via=via, content_type=b"image/png")
    if via == "api":
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "unsupported_type"
    else:
        assert response.status_code == 302
        page = upload.web.get(response["Location"]).content.decode()
        assert "只支持" in page or "evidence must be" in page
    assert not Evidence.objects.exists()
    assert _media_files(settings) == []


@pytest.mark.parametrize("content", [
    b"\x1f\x8b\x08\x00" + b"\x00" * 60,  # gzip
    b"7z\xbc\xaf\x27\x1c" + b"\x00" * 60,  # 7-Zip
    b"Rar!\x1a\x07\x00" + b"\x00" * 60,  # RAR
    b"MZ\x90\x00\x03" + b"\x00" * 60,  # a Windows program
    b"\x7fELF\x02\x01\x01" + b"\x00" * 60,  # a Linux program
    b"PK\x03\x04\x14\x00" + b"\x00" * 60,  # zip / docx / apk / jar
])
def test_other_archives_and_programs_are_refused(content, upload, settings, never_unzipped):
    from tousu.complaints.models import Evidence

    response = upload("发票.png", content)
    assert response.status_code == 422, response.content
    assert response.json()["error"]["code"] == "unsupported_type"
    assert not Evidence.objects.exists() and _media_files(settings) == []


# --- Polyglots ------------------------------------------------------------------------------

HTML = b"<html><body><script>alert(document.domain)</script></body></html>"
POLYGLOTS = {
    "png+html": (PNG + HTML, "image/png", "png"),
    "gif+script": (b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"/*" + b"\x00" * 8
                   + b"*/=1;<script>alert(1)</script>", "image/gif", "gif"),
    "pdf+html": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + HTML + b"\n%%EOF", "application/pdf", "pdf"),
    "jpeg+js": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 16 + HTML, "image/jpeg", "jpg"),
    "plain html": (b"<!doctype html>" + HTML, "text/plain", "txt"),
    "svg": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)'
            b"</script></svg>", "text/plain", "txt"),
    "text+zip": (b"chat export\n" + b"PK\x03\x04" + b"x" * 60, "text/plain", "txt"),
}


@pytest.mark.parametrize("kind", list(POLYGLOTS))
def test_polyglots_are_stored_and_served_as_their_sniffed_type(kind, upload, api, filed):
    content, mime, ext = POLYGLOTS[kind]
    response = upload("evil.html", content, content_type=b"text/html")
    assert response.status_code == 201, response.content
    evidence = response.json()
    assert evidence["mime"] == mime and evidence["name"] == f"evil.{ext}"

    file = api("consumer").client.get(
        evidence["url"], **{"HTTP_AUTHORIZATION": upload.api_headers["HTTP_AUTHORIZATION"]})
    assert file.status_code == 200
    assert file["Content-Type"] == mime
    assert file["X-Content-Type-Options"] == "nosniff"
    assert file["Content-Disposition"].startswith("attachment")
    assert f'evil.{ext}"' in file["Content-Disposition"]
    assert "sandbox" in file["Content-Security-Policy"]
    assert b"".join(file.streaming_content) == content

    page = upload.web.get(f"/c/{filed['id']}/evidence/{evidence['id']}")
    assert page.status_code == 200
    assert page["Content-Type"] == mime, "the web download must use the sniffed type"
    assert page["X-Content-Type-Options"] == "nosniff"
    assert "Content-Disposition" in page
    assert "html" not in page["Content-Disposition"]


def test_web_download_is_sandboxed(upload, filed):
    """A PDF that is also HTML, fetched from the consumer's page, runs no script: the
    response is sandboxed and downloads instead of rendering; a photo still opens inline."""
    evidence = upload("a.pdf", POLYGLOTS["pdf+html"][0]).json()
    page = upload.web.get(f"/c/{filed['id']}/evidence/{evidence['id']}")
    assert page.status_code == 200
    assert "sandbox" in page.get("Content-Security-Policy", "")
    assert page["Content-Disposition"].startswith("attachment;")
    photo = upload("b.png", PNG).json()
    shown = upload.web.get(f"/c/{filed['id']}/evidence/{photo['id']}")
    assert shown["Content-Disposition"].startswith("inline;")
    assert "sandbox" in shown.get("Content-Security-Policy", "")


# --- File names -----------------------------------------------------------------------------

NAMES = [
    "../../etc/passwd.png",
    "..\\..\\boot.ini",
    "/etc/passwd",
    "C:\\Windows\\System32\\drivers\\etc\\hosts.png",
    "\\\\server\\share\\x.png",
    "evil\x00.php.png",
    "evil.png\x00.html",
    "a" * 300 + ".png",
    "长" * 300 + ".png",
    "invoice\u202egnp.exe",
    "\u2066\u2067x\u2069.png",
    "..",
    ".",
    "",
    ".htaccess",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "&#46;&#46;&#47;&#46;&#46;&#47;etc&#47;passwd",
    "name\twith\ttabs\x1b[31m.png",
    '"><img src=x onerror=alert(1)>.png',
    "photo.png;.html",
    "x.png:Zone.Identifier",
    " . . .png",
]


def _safe(name: str) -> bool:
    return (
        bool(name)
        and "/" not in name and "\\" not in name
        and not any(unicodedata.category(c) in ("Cc", "Cf") for c in name)
        and not name.startswith(".")
        and len(name) <= 120
        and name.endswith(".png")
        and "<" not in name and ">" not in name and '"' not in name
    )


@pytest.mark.parametrize("via", ["api", "web"])
def test_hostile_file_names(via, upload, settings, filed):
    from tousu.complaints.models import Evidence

    settings.TOUSU_MAX_EVIDENCE_FILES = len(NAMES) + 1
    media = Path(settings.MEDIA_ROOT).resolve()
    for name in NAMES:
        seen = set(Evidence.objects.values_list("pk", flat=True))
        response = upload(name, PNG, via=via)
        if via == "api":
            # A name Django's parser discards ("", ".", "..") leaves no file: 422 naming it.
            assert response.status_code in (201, 422), (name, response.content)
            if response.status_code == 422:
                assert response.json()["error"]["code"] == "invalid_fields"
        elif name == "":
            # No file name: Django reads the part as a plain form field, whose binary value
            # holds NUL bytes; the form is refused whole with a 400 naming the field.
            assert response.status_code in (302, 400), (name, response.content[:200])
            if response.status_code == 400:
                assert b"'evidence'" in response.content
        else:
            assert response.status_code == 302, (name, response.content[:200])
        new = Evidence.objects.exclude(pk__in=seen)
        assert new.count() == (0 if name in ("", ".", "..") else 1), repr(name)
        for evidence in new:
            assert _safe(evidence.name), f"{name!r} stored as {evidence.name!r}"
            stored = Path(evidence.file.path).resolve()
            assert stored.is_relative_to(media) and stored.is_file(), stored
            assert stored.name[0] in "0123456789abcdef" and stored.suffix == ".png", stored
            header = upload.api.get(
                f"/api/complaints/{filed['id']}/evidence/{evidence.pk}/file",
                **upload.api_headers)["Content-Disposition"]
            assert "/" not in header.split("filename", 1)[1] and "\\" not in header, header
            assert "\r" not in header and "\n" not in header
    for path in _media_files(settings):
        assert path.resolve().is_relative_to(media)
    assert not (media.parent / "etc").exists() and not Path("/etc/passwd.png").exists()


def test_safe_name_drops_bidi_controls():
    """A right-to-left override would make "invoice\u202efdp.png" display as
    "invoicegnp.pdf"; format characters are dropped from every stored name."""
    from tousu.core.evidence import FileKind, safe_name

    name = safe_name("invoice\u202efdp", FileKind("image/png", "png"))
    assert not any(unicodedata.category(c) == "Cf" for c in name)
    assert name == "invoicefdp.png"


def test_evidence_of_another_complaint_is_not_served(upload, api, complaint_body, filed,
                                                    people):
    """An evidence id from complaint A requested under complaint B is a 404."""
    evidence = upload("a.png", PNG).json()
    other = api("consumer").post("/api/complaints",
                                 {**complaint_body, "title": "另一件投诉"}).json()
    response = upload.api.get(f"/api/complaints/{other['id']}/evidence/{evidence['id']}/file",
                              **upload.api_headers)
    assert response.status_code == 404
    assert upload.web.get(f"/c/{other['id']}/evidence/{evidence['id']}").status_code == 404
    stranger = Client()
    stranger.force_login(people["other_consumer"])
    assert stranger.get(f"/c/{filed['id']}/evidence/{evidence['id']}").status_code == 404
