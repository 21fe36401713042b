"""Asserting that personal data is not shown, without tripping over numbers that merely contain it.

The last four digits of an ID number or a phone are a secret of their own (a masked value shows them), but
the same four digits turn up by chance inside a timestamp's microseconds or a large primary key. A secret
made only of digits is therefore looked for as a whole run of digits; any other secret as plain text.
"""

import re


def shown(secret: str, text: str) -> bool:
    if secret.isdigit():
        return re.search(rf"(?<![0-9]){secret}(?![0-9])", text) is not None
    return secret in text


def assert_not_shown(text: str, *secrets: str) -> None:
    leaked = [secret for secret in secrets if shown(secret, text)]
    assert not leaked, f"shown: {leaked}"
