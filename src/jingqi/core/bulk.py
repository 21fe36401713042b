"""Writing many plain rows at once, for the sweeps' batches (timeline, audit and inbox rows by the thousand).

``bulk_create`` builds a model instance per row and prepares every value of every row through the field's whole
chain; over a hundred thousand rows that costs far more than the database's own work. :func:`insert_rows` takes
rows as dicts (field attname → value), prepares each column's values as the field would (``get_db_prep_save``,
once per distinct value where the value can be a dict key), fills absent fields with their defaults, and sends
many rows per statement (one VALUES list, as many rows as the database takes parameters for). It sends no
signals and returns no primary keys: it is for append-only rows that nothing reads back in the same transaction.

On PostgreSQL the rows go through ``COPY ... FROM STDIN`` instead: a multi-row INSERT of a thousand rows carries
thousands of placeholders, which the driver parses on the client for every statement (a third of a sweep's time
was spent there); COPY sends the values as a stream, adapted by the driver's own dumpers. The COPY is logged as
a query like any other (it counts in ``assertNumQueries``), but database execute wrappers do not see it.

Example::

    insert_rows(TicketEvent, [{"ticket_id": t.pk, "kind": "escalated", "data": {"level": 2}} for t in tickets])
"""

from collections.abc import Iterable
from contextlib import nullcontext

from django.db import connections, models, router, transaction
from django.utils import timezone

# Fields of exactly these classes give a value of the listed type back unchanged (``get_db_prep_save`` of a str
# for a CharField is that str; of an int for an IntegerField, that int; None, where null is allowed, is None),
# so such values are sent as they are: most of a sweep's columns (keys, sequence numbers, hashes, labels) hold
# values that differ on every row, where a memo would only add its own cost. Subclasses (an encrypted text
# field, say) are not in the list and are always prepared.
_TEXT = (models.CharField, models.TextField)
_INTEGER = (models.IntegerField, models.BigIntegerField, models.SmallIntegerField, models.PositiveIntegerField,
            models.PositiveSmallIntegerField, models.PositiveBigIntegerField)
_NATIVE = {**dict.fromkeys(_TEXT, str), **dict.fromkeys(_INTEGER, int), models.BooleanField: bool}


_SAMPLES = {str: "x", int: 1, bool: True}


def _native_type(field: models.Field, connection):
    """The Python type whose values ``field`` sends to ``connection`` unchanged, or None. On PostgreSQL integer
    columns are sent wrapped in the driver's typed integers (Int2, Int4, Int8): those values are prepared."""
    if type(field) is models.ForeignKey:
        target = field.target_field
        candidate = int if type(target) in (*_INTEGER, models.AutoField, models.BigAutoField) else None
    else:
        candidate = _NATIVE.get(type(field))
    if candidate is None:
        return None
    sample = _SAMPLES[candidate]
    prepared = field.get_db_prep_save(sample, connection)
    return candidate if type(prepared) is candidate and prepared == sample else None


def _column_preparer(field: models.Field, connection):
    memo: dict = {}
    native = _native_type(field, connection)

    def prepare(value):
        if type(value) is native or (value is None and native is not None and field.null):
            return value
        key = (type(value), value)  # True, 1 and 1.0 are equal keys, but not the same value for a JSON column
        try:
            return memo[key]
        except KeyError:
            prepared = memo[key] = field.get_db_prep_save(value, connection)
            return prepared
        except TypeError:  # a dict or a list (JSON): prepared each time
            return field.get_db_prep_save(value, connection)

    return prepare


def _constant(value):
    return lambda: value


def insert_rows(model: type[models.Model], rows: Iterable[dict], *, batch_size: int = 2000) -> int:
    """INSERT ``rows`` (dicts of attname → value) into ``model``'s table; returns how many. Fields a row leaves out
    take their default (``auto_now``/``auto_now_add`` fields: now; a callable default is called once per row); a
    value given for an ``auto_now`` field is kept (Django's save would replace it).
    Call it inside the service's transaction."""
    rows = list(rows)
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and isinstance(f, models.AutoField))]
    given = set().union(*(row.keys() for row in rows))
    unknown = given - {f.attname for f in fields}
    if unknown:
        raise ValueError(f"{model._meta.label} has no column for {', '.join(sorted(unknown))}")
    now = timezone.now()
    # A default for each field some row leaves out: a callable one (a token, a UUID) is called for each such row.
    defaults = {}
    for f in fields:
        if f.attname not in given or any(f.attname not in row for row in rows):
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                defaults[f.attname] = _constant(now)
            elif f.has_default() and callable(f.default):
                defaults[f.attname] = f.get_default
            else:
                defaults[f.attname] = _constant(f.get_default())
    preparers = [_column_preparer(f, connection) for f in fields]
    names = [f.attname for f in fields]
    # All or nothing, also when called outside a transaction (after a commit, say).
    with transaction.atomic(using=connection.alias, savepoint=False), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor, model, fields, rows, names, preparers, defaults)
        else:
            _insert(cursor, model, fields, rows, names, preparers, defaults, batch_size)
    return len(rows)


def _values(row: dict, names, preparers, defaults) -> list:
    return [prepare(row[name] if name in row else defaults[name]()) for name, prepare in zip(names, preparers,
                                                                                               strict=True)]


def _insert(cursor, model, fields, rows, names, preparers, defaults, batch_size) -> None:
    # Many rows per statement (one VALUES list each, within the database's limit on parameters): one round trip
    # per statement, where executemany makes one per row.
    quote = cursor.db.ops.quote_name
    per_statement = max(1, min(batch_size, cursor.db.ops.bulk_batch_size(fields, rows)))
    # Names from the model's own metadata, quoted; every value is a parameter.
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "  # noqa: S608
    one = f"({', '.join(['%s'] * len(fields))})"
    for start in range(0, len(rows), per_statement):
        chunk = rows[start:start + per_statement]
        params = [value for row in chunk for value in _values(row, names, preparers, defaults)]
        cursor.execute(head + ", ".join([one] * len(chunk)), params)


def _copy(cursor, model, fields, rows, names, preparers, defaults) -> None:
    quote = cursor.db.ops.quote_name
    # Names from the model's own metadata, quoted; the values travel apart from the statement.
    statement = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"
    logged = cursor.debug_sql(statement) if hasattr(cursor, "debug_sql") else nullcontext()
    # The driver's errors become Django's (IntegrityError, ...), as they do for any other statement.
    with logged, cursor.db.wrap_database_errors, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(_values(row, names, preparers, defaults))
