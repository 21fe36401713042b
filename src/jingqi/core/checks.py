"""System checks of our own settings (``jingqi check``; the deploy-tagged ones with ``--deploy``).

A development key that reaches production is an error, not a warning: with the development
``SECRET_KEY`` anyone can forge sessions and password-reset links, and with the development
``JINGQI_FIELD_KEY`` the encrypted ID numbers and phones are readable by anyone holding the source.
"""

import ipaddress

from django.conf import settings
from django.core.checks import Error, Tags, register

# The placeholders in settings.py and in deploy/jingqi.env.example all say so.
PLACEHOLDER_MARK = "change-me"


def _is_placeholder(value: str, development_value: str | None) -> bool:
    return not value or value == development_value or PLACEHOLDER_MARK in value.lower()


@register(Tags.security, deploy=True)
def check_keys_are_not_development_keys(app_configs, **kwargs):
    errors = []
    if _is_placeholder(settings.SECRET_KEY, getattr(settings, "DEVELOPMENT_SECRET_KEY", None)):
        errors.append(Error(
            "SECRET_KEY is the development key (or a placeholder).",
            hint="Set SECRET_KEY (or SECRET_KEY_FILE) to a long random value of your own.",
            id="jingqi.E001",
        ))
    if _is_placeholder(settings.JINGQI_FIELD_KEY, getattr(settings, "DEVELOPMENT_FIELD_KEY", None)):
        errors.append(Error(
            "JINGQI_FIELD_KEY is the development key (or a placeholder): personal data at rest would be "
            "readable by anyone with the source code.",
            hint="Set JINGQI_FIELD_KEY (or JINGQI_FIELD_KEY_FILE) before the first record is stored, and keep "
                 "a copy with the backups.",
            id="jingqi.E002",
        ))
    return errors


@register(Tags.security)
def check_trusted_proxies(app_configs, **kwargs):
    errors = []
    for entry in getattr(settings, "JINGQI_TRUSTED_PROXIES", []):
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            errors.append(Error(
                f"JINGQI_TRUSTED_PROXIES holds {entry!r}, which is neither an address nor a network.",
                hint="Give addresses or networks, comma-separated, e.g. 127.0.0.1,::1,10.8.0.0/24.",
                id="jingqi.E003",
            ))
    return errors


@register()
def check_pdf_fonts_are_installed(app_configs, **kwargs):
    # Without them every PDF document fails; the setup's assets step copies them (no download at run time).
    from .pdf import missing_font_files

    missing = missing_font_files()
    if not missing:
        return []
    return [Error(
        f"The fonts for PDF documents are not installed: {', '.join(str(p) for p in missing)} "
        "(every PDF document would fail).",
        hint="Run `make assets` (or `bash scripts/vendor-assets.sh`), which copies them from the npm package "
             "@expo-google-fonts/noto-sans-sc into src/jingqi/core/fonts/.",
        id="jingqi.E004",
    )]
