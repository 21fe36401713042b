"""Records numbered from their own key: a request's reference ``S-20261204-00042`` is made of its id.

:func:`create_numbered` writes such a row. On PostgreSQL the key is taken from the table's identity sequence
first, so the row is written once, whole; an insert followed by an update of its reference would write the row
twice, and the second version again into each of the table's indexes (the reference is indexed, so the update
cannot stay on its page). On SQLite, which has no sequence to take from, the row is inserted with a provisional
value in each numbered field and updated at once, in the caller's transaction, which holds the database's only
write lock: nobody sees the provisional value.
"""

import uuid
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models, router


def create_numbered(model: type[models.Model], numbered: Callable[[int], dict], **fields) -> models.Model:
    """Create a ``model`` row with ``fields`` and the fields ``numbered(key)`` gives for its key (a reference, a
    file name made of it). Call it inside the service's transaction."""
    connection = connections[router.db_for_write(model)]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Taken from the sequence that gives the column its default: a key nobody else is given.
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s))",
                           [connection.ops.quote_name(model._meta.db_table), model._meta.pk.column])
            (key,) = cursor.fetchone()
        if key is None:  # the key is not drawn from a sequence (a UUID, a key given by hand)
            raise ImproperlyConfigured(f"{model._meta.label}'s key has no sequence to number its rows from")
        return model.objects.create(pk=key, **fields, **numbered(key))
    # Unique, as a reference must be, and short enough for any numbered field (40 characters and more).
    provisional = {name: f"tmp-{uuid.uuid4().hex}" for name in numbered(0)}
    obj = model.objects.create(**fields, **provisional)
    for name, value in numbered(obj.pk).items():
        setattr(obj, name, value)
    obj.save(update_fields=list(provisional))
    return obj
