"""``jingqi figures refresh [--full]``: bring the dashboards' figures up to date with the records."""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Bring the figures (analytics' facts and roll-up) up to date with the records."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        refresh = sub.add_parser("refresh", help="Rebuild the facts of the records changed since the last refresh.")
        refresh.add_argument("--full", action="store_true", help="Rebuild every record's facts and every cell.")

    def handle(self, *args, action, verbosity, full=False, **options):
        from tqdm import tqdm

        from jingqi.analytics.services import do_refresh_figures

        # The bar needs the raw stream: Django's wrapper would end every redraw with a new line.
        with tqdm(desc=_("Records"), unit=" rows", unit_scale=True, file=sys.stderr, disable=verbosity < 1,
                  leave=False) as bar:
            def progress(done, total):
                bar.total = total
                bar.n = done
                bar.refresh()

            result = do_refresh_figures(full=full, progress=progress)
        if verbosity:
            self.stdout.write(_("%(records)s records read, %(facts)s facts and %(cells)s cells written in "
                                "%(seconds).1f s.") % {"records": result.records, "facts": result.facts,
                                                        "cells": result.cells, "seconds": result.seconds})
