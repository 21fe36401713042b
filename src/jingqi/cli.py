"""The ``jingqi`` command: every Django management command (``jingqi migrate``, ``jingqi demo``, ...)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jingqi.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jingqi", *sys.argv[1:]])


if __name__ == "__main__":
    main()
