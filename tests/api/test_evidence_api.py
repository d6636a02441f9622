"""Evidence uploads: real type checks, limits, safe names, private downloads."""

from __future__ import annotations

import hashlib

from tousu.complaints.models import Evidence

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def test_upload_and_download(api, filed):
    owner = api("consumer")
    response = owner.upload(f"/api/complaints/{filed['id']}/evidence", "../../付款截图.png", PNG)
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["mime"], body["size"]) == ("付款截图.png", "image/png", len(PNG))
    assert body["sha256"] == hashlib.sha256(PNG).hexdigest()
    stored = Evidence.objects.get(pk=body["id"])
    assert ".." not in stored.file.name and "付款" not in stored.file.name
    download = owner.get(body["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    assert download["X-Content-Type-Options"] == "nosniff"
    assert api("other_consumer").get(body["url"]).status_code == 404
    listing = api("agent").get(f"/api/complaints/{filed['id']}/evidence").json()
    assert [e["id"] for e in listing] == [body["id"]]


def test_executable_disguised_as_image_is_refused(api, filed):
    response = api("consumer").upload(f"/api/complaints/{filed['id']}/evidence", "photo.png",
                                      b"MZ\x90\x00" + b"\x00" * 100)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "unsupported_type"
    assert Evidence.objects.count() == 0


def test_oversized_evidence(api, filed, settings):
    settings.TOUSU_MAX_EVIDENCE_BYTES = 1000
    response = api("consumer").upload(f"/api/complaints/{filed['id']}/evidence", "big.png",
                                      PNG + b"\x00" * 2000)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "file_too_large"


def test_request_far_over_the_limit_is_refused_before_reading(api, filed, settings):
    settings.TOUSU_MAX_EVIDENCE_BYTES = 1000
    response = api("consumer").upload(f"/api/complaints/{filed['id']}/evidence", "huge.png",
                                      PNG + b"\x00" * 200_000)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"


def test_file_count_limit(api, filed, settings):
    settings.TOUSU_MAX_EVIDENCE_FILES = 2
    owner = api("consumer")
    url = f"/api/complaints/{filed['id']}/evidence"
    assert [owner.upload(url, f"{i}.png", PNG).status_code for i in range(3)] == [201, 201, 422]


def test_missing_file_field(api, filed):
    response = api("consumer").client.post(
        f"/api/complaints/{filed['id']}/evidence", {},
        HTTP_AUTHORIZATION=f"Bearer {api('consumer').token}",
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "file"
