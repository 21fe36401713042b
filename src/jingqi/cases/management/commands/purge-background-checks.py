"""``jingqi purge-background-checks``: delete the background checks whose retention has run out, now (the Huey task
does the same every night); each leaves only an audit event saying that a check happened."""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from jingqi.cases.models import BackgroundCheck
from jingqi.cases.services_checks import do_purge_expired_checks


class Command(BaseCommand):
    help = "Delete the background checks whose retention period has ended (requests, consents and advice)."

    def handle(self, *args, **options):
        from django.utils import timezone
        from tqdm import tqdm

        now = timezone.now()
        due = BackgroundCheck.objects.filter(purge_after__lte=now).count()
        # The bar needs the raw stream: Django's wrapper would end every redraw with a new line.
        with tqdm(total=due, desc=_("Deleting background checks"), unit="", file=sys.stderr,
                  disable=options["verbosity"] < 1 or not due, leave=False) as bar:
            deleted = do_purge_expired_checks(now, progress=bar.update)
        self.stdout.write(self.style.SUCCESS(
            _("%(count)s background checks deleted at the end of their retention period.") % {"count": deleted}))
