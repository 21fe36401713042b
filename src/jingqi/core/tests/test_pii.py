import pytest

from jingqi.core import pii
from jingqi.core.errors import ActionError


def test_encryption_round_trips_and_is_randomised():
    a, b = pii.encrypt("11010519491231002X"), pii.encrypt("11010519491231002X")
    assert a != b and a.startswith("v1:")
    assert pii.decrypt(a) == pii.decrypt(b) == "11010519491231002X"


def test_binary_encryption_round_trips_and_hides_the_content():
    scan = b"%PDF-1.7 consent signed by the candidate \x00\xff"
    a, b = pii.encrypt_bytes(scan), pii.encrypt_bytes(memoryview(scan))
    assert a != b and a.startswith(b"v1:") and b"consent" not in a
    assert pii.decrypt_bytes(a) == pii.decrypt_bytes(memoryview(b)) == scan


def test_binary_ciphertext_refuses_another_key_and_plain_bytes(settings):
    sealed = pii.encrypt_bytes(b"scan")
    with pytest.raises(ValueError):
        pii.decrypt_bytes(b"scan")
    settings.JINGQI_FIELD_KEY = "another key"
    with pytest.raises(Exception):
        pii.decrypt_bytes(sealed)


def test_ciphertext_cannot_be_read_with_another_key(settings):
    token = pii.encrypt("13800138000")
    settings.JINGQI_FIELD_KEY = "another key"
    with pytest.raises(Exception):  # noqa: B017 — the cipher's own authentication error
        pii.decrypt(token)


def test_blind_index_is_keyed_and_deterministic(settings):
    first = pii.blind_index("id", "11010519491231002X")
    assert first == pii.blind_index("id", "11010519491231002X")
    assert first != pii.blind_index("phone", "11010519491231002X")
    settings.JINGQI_FIELD_KEY = "another key"
    assert first != pii.blind_index("id", "11010519491231002X")


@pytest.mark.parametrize(("raw", "expected"), [
    ("11010519491231002x", "11010519491231002X"),
    (" 110105 19491231 002X ", "11010519491231002X"),
])
def test_id_numbers_are_normalised(raw, expected):
    assert pii.normalize_id_number(raw) == expected


def test_number_issued_with_an_area_code_younger_than_its_holder_is_accepted():
    # 嵊县 (330623) existed 1983–1995; someone born there in 1970 got a number with that code.
    assert pii.normalize_id_number("330623197005061239") == "330623197005061239"


def _with_check_digit(body: str) -> str:
    from stdnum.cn import ric

    return body + ric.calc_check_digit(body + "0")


@pytest.mark.parametrize("raw", ["110105194912310021", "11010519491331002X", "1101051949123100", "abc",
                                 _with_check_digit("33999919700506123"), _with_check_digit("33062319701306123")])
def test_invalid_id_numbers_are_refused(raw):
    with pytest.raises(ActionError):
        pii.normalize_id_number(raw)


@pytest.mark.parametrize(("raw", "expected"), [
    ("13800138000", "+8613800138000"), ("+86 138-0013-8000", "+8613800138000"), ("0575-83001234", "+8657583001234"),
])
def test_phones_are_normalised(raw, expected):
    assert pii.normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "1380013800", "phone", ""])
def test_invalid_phones_are_refused(raw):
    with pytest.raises(ActionError):
        pii.normalize_phone(raw)


def test_masks_match_the_documented_shapes():
    assert pii.mask_id_number("330103199001011234") == "3301**********1234"
    assert pii.mask_phone("+8613812345678") == "138****5678"
    assert pii.mask_id_number("") == "" and pii.mask_phone("") == ""
