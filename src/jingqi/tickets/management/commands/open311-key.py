from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jingqi.core.errors import ActionError
from jingqi.registry.models import Station
from jingqi.tickets import services
from jingqi.tickets.models import Open311Key


class Command(BaseCommand):
    help = "Create, list or revoke API keys for Open311 GeoReport v2 integrations."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a key; the key is printed on the last line, once")
        create.add_argument("name")
        create.add_argument("--station", help="station code (default: the installation's default station)")
        revoke = sub.add_parser("revoke", help="revoke a key: it stops working at once")
        revoke.add_argument("name")
        sub.add_parser("list", help="list keys (never the keys themselves)")

    def handle(self, *args, action, **options):
        if action == "create":
            return self._create(options["name"], options.get("station"))
        if action == "revoke":
            key = Open311Key.objects.filter(name=options["name"], revoked_at__isnull=True).first()
            if key is None:
                raise CommandError(_("No active key with this name."))
            services.do_revoke_open311_key(None, key)
            self.stdout.write(_("Key %(name)s revoked.") % {"name": key.name})
            return None
        for key in Open311Key.objects.select_related("station").order_by("name"):
            state = _("revoked") if key.revoked_at else _("active")
            self.stdout.write(f"{key.name}\t{key.prefix}…\t{key.station.code}\t{state}")
        return None

    def _create(self, name, station_code):
        from django.conf import settings

        code = station_code or settings.JINGQI_DEFAULT_STATION
        station = Station.objects.filter(code=code).first() if code else Station.objects.order_by("pk").first()
        if station is None:
            raise CommandError(_("No such station."))
        try:
            key, raw = services.do_create_open311_key(None, name=name, station=station)
        except ActionError as exc:
            raise CommandError(exc.message)
        self.stdout.write(_("Key %(name)s for %(station)s. Keep it safe: it is shown only now.")
                          % {"name": key.name, "station": station.name})
        self.stdout.write(raw)
