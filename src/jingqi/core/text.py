"""Free text as it comes in and as it goes out: one place that decides which characters a text may hold."""

import re

# Control characters have no place in free text, and XML 1.0 cannot carry them at all (a single
# \x01 makes an Open311 answer unparseable). Tab, line feed and carriage return stay; so does
# everything printable. Lone surrogates and U+FFFE/U+FFFF are not characters either.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

# What XML 1.0 forbids (its Char production): the same, except DEL, which XML allows.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def strip_control_characters(value: str) -> str:
    """The text without control characters (tab and line breaks kept). Used on every text input."""
    return _CONTROL.sub("", value) if value else value


def xml_safe(value: str) -> str:
    """The text without the characters XML 1.0 cannot carry, for output built from stored data."""
    return _NOT_XML.sub("", value) if value else value
