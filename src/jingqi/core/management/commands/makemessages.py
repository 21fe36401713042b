"""``makemessages`` that also reads ``_lazy(...)``: the services import ``gettext_lazy as _lazy`` for messages kept at
module level, which xgettext would otherwise not see (and ``--no-obsolete`` would then drop their translations)."""

from django.core.management.commands.makemessages import Command as MakeMessagesCommand


class Command(MakeMessagesCommand):
    xgettext_options = [*MakeMessagesCommand.xgettext_options, "--keyword=_lazy"]
