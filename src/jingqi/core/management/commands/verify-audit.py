from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jingqi.core.audit import verify_chain


class Command(BaseCommand):
    help = "Check the audit log's hash chain and name the first broken link."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                _("Audit chain broken at event #%(seq)s: %(reason)s (%(checked)s events checked before it).")
                % {"seq": report.broken_seq, "reason": report.reason, "checked": report.checked}
            )
        self.stdout.write(self.style.SUCCESS(_("Audit chain intact: %(count)s events.") % {"count": report.checked}))
