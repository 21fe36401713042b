"""Personal data at rest: encryption, keyed blind index for exact look-up, and masking.

Both keys are derived from ``JINGQI_FIELD_KEY``. Ciphertexts carry a version prefix so that a later
key rotation can tell old values from new.
"""

import base64
import hashlib
import hmac
import os
from functools import lru_cache

import phonenumbers
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric

from .errors import ActionError
from .parsing import is_ascii_digits

PREFIX = "v1:"


@lru_cache(maxsize=4)
def _keys(master: str) -> tuple[bytes, bytes]:
    material = HKDF(algorithm=hashes.SHA256(), length=64, salt=b"jingqi-pii", info=b"enc+index").derive(
        master.encode()
    )
    return material[:32], material[32:]


def _enc_key() -> bytes:
    return _keys(settings.JINGQI_FIELD_KEY)[0]


def _index_key() -> bytes:
    return _keys(settings.JINGQI_FIELD_KEY)[1]


def encrypt(plaintext: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_enc_key()).encrypt(nonce, plaintext.encode(), PREFIX.encode())
    return PREFIX + base64.b64encode(nonce + sealed).decode()


def decrypt(token: str) -> str:
    if not token.startswith(PREFIX):
        raise ValueError("not an encrypted value")
    raw = base64.b64decode(token[len(PREFIX) :])
    return AESGCM(_enc_key()).decrypt(raw[:12], raw[12:], PREFIX.encode()).decode()


def encrypt_bytes(data: bytes) -> bytes:
    """Binary personal data (a scanned consent) sealed like text: nonce + ciphertext, bound to the version."""
    nonce = os.urandom(12)
    return PREFIX.encode() + nonce + AESGCM(_enc_key()).encrypt(nonce, bytes(data), PREFIX.encode())


def decrypt_bytes(sealed: bytes) -> bytes:
    sealed = bytes(sealed)
    if not sealed.startswith(PREFIX.encode()):
        raise ValueError("not an encrypted value")
    raw = sealed[len(PREFIX):]
    return AESGCM(_enc_key()).decrypt(raw[:12], raw[12:], PREFIX.encode())


def blind_index(kind: str, normalized: str) -> str:
    """A keyed hash of a normalised value: equal values match, the value itself cannot be read back."""
    return hmac.new(_index_key(), f"{kind}:{normalized}".encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """Stores text encrypted (AES-GCM); reads give the plaintext back. Not searchable: use a blind index."""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)


# --- resident ID numbers (居民身份证号码) ---------------------------------------------------------


def normalize_id_number(value: str) -> str:
    """Validate a resident ID number, check digit included, and return it in its canonical form.

    The area code must be one that has existed, but not necessarily at the birth date: numbers were
    issued from 1984 on, with the area code of registration, so a person born in 1970 carries a code
    that did not exist in 1970 (python-stdnum's stricter check would refuse them).
    """
    cleaned = "".join((value or "").split()).replace("-", "").upper()
    invalid = ActionError(_("This is not a valid resident ID number."), field="id_number")
    if len(cleaned) != 18 or not is_ascii_digits(cleaned[:-1]):
        raise invalid
    if cleaned[-1] != ric.calc_check_digit(cleaned):
        raise ActionError(_("The ID number's check digit is wrong."), field="id_number")
    if not (_valid_birth_date(cleaned) and _known_area(cleaned)):
        raise invalid
    return cleaned


def _known_area(number: str) -> bool:
    from stdnum import numdb

    return any("county" in props for _part, props in numdb.get("cn/loc").info(number[:6]))


def _valid_birth_date(number: str) -> bool:
    try:
        ric.get_birth_date(number)
    except stdnum_exceptions.ValidationError:
        return False
    return True


def mask_id_number(value: str) -> str:
    if not value:
        return ""
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


# --- phone numbers -------------------------------------------------------------------------------


def normalize_phone(value: str) -> str:
    """Validate a phone number (mainland China unless it says otherwise) and return it as E.164."""
    raw = (value or "").strip()
    try:
        number = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException:
        raise ActionError(_("This is not a valid phone number."), field="phone")
    if not phonenumbers.is_valid_number(number):
        raise ActionError(_("This is not a valid phone number."), field="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """The number as people write it: national digits for mainland numbers, E.164 otherwise."""
    if e164.startswith("+86"):
        return e164[3:] if e164[3] == "1" else "0" + e164[3:]
    return e164


def mask_phone(e164: str) -> str:
    if not e164:
        return ""
    shown = display_phone(e164)
    return shown[:3] + "*" * (len(shown) - 7) + shown[-4:]
