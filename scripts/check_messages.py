"""Fails when the Chinese catalogue has untranslated or fuzzy entries, or its .mo is out of date.

Run by `make test`. The .mo is committed so that no gettext tools are needed to run Jingqi;
`make messages` regenerates both files.
"""

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "src/jingqi/locale/zh_Hans/LC_MESSAGES"


def entries(catalogue) -> dict:
    return {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in catalogue if not e.obsolete and e.msgid}


def main() -> int:
    po = polib.pofile(str(LOCALE / "django.po"))
    problems = [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
    problems += [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    mo_path = LOCALE / "django.mo"
    if not mo_path.exists():
        problems.append("django.mo is missing: run `make messages`")
    elif entries(polib.mofile(str(mo_path))) != entries(po):
        problems.append("django.mo does not match django.po: run `make messages`")
    for problem in problems:
        print(f"zh_Hans catalogue: {problem}", file=sys.stderr)
    if not problems:
        print(f"zh_Hans catalogue: {len(po.translated_entries())} entries, all translated, .mo up to date")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
