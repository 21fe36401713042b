"""The task queue kept in a SQLite file, when no Redis is configured (settings.HUEY)."""

from huey import Huey
from huey.storage import SqliteStorage


class _Storage(SqliteStorage):
    def _create_connection(self):
        connection = super()._create_connection()
        # Kept as the database's own file is (settings.DATABASES): a write-ahead log synced at its checkpoints,
        # not at each task queued (each action that sends email queues one), so a power cut can lose the last
        # tasks queued but never damage the file.
        connection.execute("pragma synchronous=NORMAL")
        return connection


class SqliteQueue(Huey):
    storage_class = _Storage
