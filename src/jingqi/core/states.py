"""State machines: the transitions of a workflow declared once, illegal ones refused with a translated error.

A machine is a table ``action → (states it may start from, state it leads to or None to stay)``. Models
ask it (``can``), services move through it (``move``), pages and the API list what is possible now
(``actions_from``). Tickets and disputes use it; a new workflow declares its own table in ``choices.py``.
"""

from collections.abc import Callable, Iterable

from .errors import ActionError


class StateMachine:
    def __init__(self, transitions: dict[str, tuple[Iterable[str], str | None]], *,
                 refused: Callable[[], str], labels: dict[str, Callable[[], str]], field: str = "status"):
        """``refused()`` gives the message with ``%(status)s`` (or ``%(state)s``) and ``%(action)s``;
        ``labels[action]`` names an action in that message ("accepted", "closed", ...): a lazy string or a
        function returning one."""
        self.transitions = {action: (frozenset(sources), target) for action, (sources, target) in transitions.items()}
        self.refused, self.labels, self.field = refused, labels, field

    def can(self, state: str, action: str) -> bool:
        return state in self.transitions[action][0]

    def actions_from(self, state: str) -> list[str]:
        return [action for action, (sources, _target) in self.transitions.items() if state in sources]

    def require(self, obj, action: str) -> None:
        state = getattr(obj, self.field)
        if not self.can(state, action):
            label = self.labels.get(action, action)
            display = getattr(obj, f"get_{self.field}_display", lambda: state)()
            named = {"status": display, "state": display, "action": label() if callable(label) else str(label)}
            raise ActionError(self.refused() % named, code="illegal_transition")

    def move(self, obj, action: str) -> bool:
        """Checks the transition and sets the new state; True when the state changed."""
        self.require(obj, action)
        target = self.transitions[action][1]
        if target is None or target == getattr(obj, self.field):
            return False
        setattr(obj, self.field, target)
        return True
