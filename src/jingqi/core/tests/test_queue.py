"""core.queue: the task queue's SQLite file is kept as the database's is, and queues and hands out tasks."""

from jingqi.core.queue import SqliteQueue


def test_the_sqlite_queue_is_a_write_ahead_log_synced_at_checkpoints(tmp_path):
    queue = SqliteQueue("jingqi-test", filename=str(tmp_path / "queue.sqlite3"))
    connection = queue.storage.conn
    assert connection.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert connection.execute("pragma synchronous").fetchone()[0] == 1  # NORMAL, as settings.DATABASES has it
    queue.storage.enqueue(b"first")
    queue.storage.enqueue(b"second")
    assert queue.storage.queue_size() == 2
    assert bytes(queue.storage.dequeue()) == b"first" and bytes(queue.storage.dequeue()) == b"second"
