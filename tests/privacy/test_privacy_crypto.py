"""Field encryption round-trip, wrong key, rotation; blind index normalisation."""

from __future__ import annotations

import pytest

from tousu.privacy import (
    DecryptionError,
    FieldCipher,
    KeyConfigError,
    blind_index,
    generate_key,
)


def test_round_trip_unicode() -> None:
    c = FieldCipher([generate_key()])
    plain = "张伟 13812345678 北京市朝阳区望京西路8号"
    token = c.encrypt(plain)
    assert plain not in token and "13812345678" not in token
    assert token.isascii()
    assert c.decrypt(token) == plain
    assert c.encrypt(plain) != token  # randomised: equal values do not leak as equal tokens


def test_wrong_key_raises_typed_error() -> None:
    token = FieldCipher([generate_key()]).encrypt("13812345678")
    with pytest.raises(DecryptionError):
        FieldCipher([generate_key()]).decrypt(token)


def test_tampered_token_raises() -> None:
    c = FieldCipher([generate_key()])
    token = c.encrypt("secret")
    bad = token[:-5] + ("A" if token[-5] != "A" else "B") + token[-4:]
    with pytest.raises(DecryptionError):
        c.decrypt(bad)
    with pytest.raises(DecryptionError):
        c.decrypt("not a token at all")


def test_rotation() -> None:
    old, new = generate_key(), generate_key()
    token_old = FieldCipher([old]).encrypt("110105194912310021")
    both = FieldCipher([new, old])
    assert both.decrypt(token_old) == "110105194912310021"
    assert not both.is_current(token_old)
    rotated = both.rotate(token_old)
    assert both.is_current(rotated)
    # after rotation the old key can be dropped
    assert FieldCipher([new]).decrypt(rotated) == "110105194912310021"
    with pytest.raises(DecryptionError):
        FieldCipher([old]).decrypt(rotated)
    with pytest.raises(DecryptionError):
        FieldCipher([new]).rotate(FieldCipher([generate_key()]).encrypt("x"))


def test_key_config_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(KeyConfigError):
        FieldCipher([])
    with pytest.raises(KeyConfigError):
        FieldCipher(["too-short"])
    with pytest.raises(KeyConfigError):
        FieldCipher(generate_key())  # type: ignore[arg-type]  # a bare string, not a list
    k1, k2 = generate_key(), generate_key()
    monkeypatch.setenv("TOUSU_FIELD_KEYS", f"{k1}, {k2}")
    c = FieldCipher.from_env()
    assert FieldCipher([k1]).decrypt(c.encrypt("a")) == "a"  # first key is primary
    monkeypatch.delenv("TOUSU_FIELD_KEYS")
    with pytest.raises(KeyConfigError):
        FieldCipher.from_env()


def test_blind_index_normalises_phone_forms() -> None:
    key = "index-key"
    forms = ["13812345678", "+86 138-1234-5678", "0086 138 1234 5678", "１３８１２３４５６７８"]
    assert len({blind_index(f, key, kind="phone") for f in forms}) == 1
    assert blind_index("13812345678", key, kind="phone") != blind_index(
        "13812345679", key, kind="phone"
    )


def test_blind_index_is_keyed_and_domain_separated() -> None:
    a = blind_index("13812345678", "k1", kind="phone")
    assert a != blind_index("13812345678", "k2", kind="phone")
    assert a != blind_index("13812345678", "k1", kind="bank_card")
    assert len(a) == 64 and "13812345678" not in a
    assert blind_index("Zhang.Wei@Example.com ", "k", kind="email") == blind_index(
        "zhang.wei@example.com", "k", kind="email"
    )
    assert blind_index("11010519491231002x", "k", kind="id_card") == blind_index(
        "110105 19491231 002X", "k", kind="id_card"
    )
    with pytest.raises(KeyConfigError):
        blind_index("x", "")
