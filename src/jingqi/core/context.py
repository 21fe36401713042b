"""Per-request facts that services need but should not take as arguments (the client address)."""

from contextvars import ContextVar

client_address: ContextVar[str | None] = ContextVar("client_address", default=None)
