"""Messages kept for later readers: stored as their English text and parameters, said in the reader's language.

A row report is written by a background worker (in the installation's default language) and read later
by people who may have switched the interface to another; storing the translated sentence would show
them the worker's language. ``msg(gettext_noop("..."), **params)`` keeps the source text (marked for the
catalogue) and its parameters; :func:`say` translates when shown. Parameters may be messages too.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext


@dataclass(frozen=True)
class Message:
    msgid: str
    params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"msgid": self.msgid,
                "params": {k: v.as_dict() if isinstance(v, Message) else v for k, v in self.params.items()}}

    def __str__(self) -> str:
        return say(self.as_dict())


def msg(msgid: str, **params) -> Message:
    return Message(msgid, params)


def say(data) -> str:
    """A stored message (or a plain, already translated string from before) in the active language."""
    if isinstance(data, Message):
        data = data.as_dict()
    if isinstance(data, str):
        return data
    if "msgid" not in data:
        return str(data.get("reason", ""))
    params = {k: say(v) if isinstance(v, dict) and "msgid" in v else v for k, v in data.get("params", {}).items()}
    text = gettext(data["msgid"])
    return text % params if params else text
