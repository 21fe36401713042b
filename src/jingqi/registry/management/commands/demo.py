import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jingqi.core.errors import ActionError
from jingqi.registry import demo


class Command(BaseCommand):
    help = (
        "Load the demo data (the Shengzhou enterprise community and the Majiahe parks, with staff of "
        "every role) through the services, in one transaction, and print the demo logins."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED,
                            help="Seed of the generator: the same seed loads the same data.")
        parser.add_argument("--scale", type=float, default=1.0,
                            help="Fraction of the full size to load, more than 0 and at most 1.")
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing (and say so) when the database already holds a police station.")
        parser.add_argument("--print-logins", action="store_true",
                            help="Only print the accounts that accept the demo password, then exit.")
        parser.add_argument("--no-logins", action="store_true",
                            help="Do not print the logins after loading (make run prints them once itself).")

    def handle(self, *args, seed, scale, if_empty, print_logins, no_logins, verbosity, **options):
        if print_logins:
            rows = demo.demo_logins()
            self.stdout.write(
                demo.format_logins(rows) if rows else _("No account accepts the demo password.")
            )
            return
        if not 0 < scale <= 1:
            raise CommandError(_("--scale must be more than 0 and at most 1."))
        if if_empty and demo.database_has_stations():
            self.stdout.write(_("The database already holds police stations: demo data not loaded."))
            return
        # The bar needs the raw stream: Django's wrapper would end every redraw with a new line.
        progress = sys.stderr if verbosity > 0 else None
        try:
            plan = demo.load_demo(seed=seed, scale=scale, progress=progress)
        except ActionError as exc:
            raise CommandError(_("Demo data not loaded: %(reason)s") % {"reason": exc.message})
        self.stdout.write(self.style.SUCCESS(_("Demo data loaded.")))
        # The figures are otherwise first computed by the periodic refresh, up to ten minutes after start-up.
        from jingqi.analytics.services import do_refresh_figures

        do_refresh_figures(full=True)
        for line in demo.demo_summary():
            self.stdout.write(line)
        if not no_logins:
            self.stdout.write("")
            self.stdout.write(demo.format_logins(demo.demo_logins(plan.usernames)))
