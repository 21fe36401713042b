"""Hot reads compiled to SQL once per database connection, then run with new parameters.

Turning a queryset into SQL (resolving its lookups, compiling its expressions) costs a third of a millisecond of
Python for even a one-row read, several times what the database spends answering it. On an endpoint hit
hundreds of times a second (Open311's station lookup, on every request), that compiling is most of the request.
:class:`CompiledRead` compiles the queryset once per connection and afterwards only executes its SQL with the
new parameters; the rows come back as the ORM would give them (the database's converters applied, as model
instances or as tuples of ``values_list``).

The queryset is built once, by a function of the parameters, each named with its type (text or a whole number):
each is passed a marker (a string, or an integer no row has), which must reach the SQL unchanged as one of its
parameters, so a parameter is compared exactly (``code=``, ``pk=``; ``__in`` is not possible); a lookup that
transforms it (``__icontains``, ``__startswith``) is refused when compiling. A queryset of model instances (no
annotations) gives instances, with the objects of its ``select_related`` in place as the ORM puts them; a
``values_list`` gives tuples.

Example::

    STATION_BY_CODE = CompiledRead(lambda code: Station.objects.filter(code=code).order_by("pk")[:1], code=str)
    station = next(iter(STATION_BY_CODE(code="330683001")), None)
"""

from collections.abc import Callable

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators


class _Param:
    """Where a parameter goes; ``wrap`` is the type the backend gave the marker (PostgreSQL's integer columns
    send ``Int4``/``Int8``, subclasses of int), given to each value in its place."""

    __slots__ = ("name", "wrap")

    def __init__(self, name: str, wrap: type):
        self.name, self.wrap = name, wrap

    def value(self, given):
        return given if self.wrap in (str, int) else self.wrap(given)


_CACHE = "_jingqi_compiled_reads"  # the attribute of a connection that holds what was compiled for it
_TEXT_MARK = "\x00jingqi-compiled:"
# The n-th integer parameter's marker is this plus n: within every integer column's range (a value outside it, such
# as a negative one for a positive column, would make the lookup match nothing before any SQL is written), and
# far from the small constants a query holds.
_INT_MARK = 2_147_480_000


def _markers(params: dict[str, type]) -> dict[str, object]:
    markers = {}
    for n, (name, kind) in enumerate(params.items()):
        if kind is str:
            markers[name] = f"{_TEXT_MARK}{name}\x00"
        elif kind is int:
            markers[name] = _INT_MARK + n
        else:
            raise TypeError(f"parameter {name!r}: text (str) or a whole number (int) only")
    return markers


class CompiledRead:
    """A read compiled once per connection (see the module's docstring); call it with the parameters by name."""

    def __init__(self, build: Callable[..., QuerySet], **params: type):
        self._build, self._params = build, params

    def _compile(self, connection):
        markers = _markers(self._params)
        queryset = self._build(**markers)
        if queryset._iterable_class not in (ModelIterable, ValuesListIterable):
            raise TypeError("CompiledRead reads model instances or values_list tuples")
        compiler = queryset.query.get_compiler(connection=connection)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet as exc:
            raise ValueError("the query matches nothing whatever its parameters; it cannot be compiled") from exc
        by_marker = {(type(marker), marker): name for name, marker in markers.items()}
        slots = [_Param(by_marker[_key(param)], type(param)) if _key(param) in by_marker else param
                 for param in params]
        for name in self._params:
            if not any(isinstance(slot, _Param) and slot.name == name for slot in slots):
                raise ValueError(f"parameter {name!r} does not reach the SQL unchanged (only exact lookups)")
        if any(isinstance(slot, str) and _TEXT_MARK in slot for slot in slots):
            raise ValueError("a parameter is transformed on its way to the SQL (only exact lookups)")
        if queryset._iterable_class is ModelIterable:
            info = compiler.klass_info
            if info is None or compiler.annotation_col_map:
                raise TypeError("CompiledRead reads model rows without annotations")
            make = _instances(info, compiler.select, connection.alias)
        else:
            make = list
        return compiler, sql, slots, make

    def compiled_on(self, connection) -> tuple:
        """(compiler, SQL, parameter slots, row maker) for ``connection``, compiled on first use. Kept on the
        connection itself, per connection because a compiler holds its connection (its converters use it) and each
        thread has its own: when a thread's connection goes (a sweep's worker), what was compiled for it goes too.
        (Kept in a table beside it, the compiler's hold on its connection would keep both alive for ever.)"""
        cache = connection.__dict__.setdefault(_CACHE, {})
        compiled = cache.get(self)
        if compiled is None:
            compiled = cache[self] = self._compile(connection)
        return compiled

    def __call__(self, *, using: str = DEFAULT_DB_ALIAS, **params) -> list:
        if set(params) != set(self._params):
            raise TypeError(f"expected the parameters {', '.join(self._params)}")
        connection = connections[using]
        compiler, sql, slots, make = self.compiled_on(connection)
        values = [slot.value(params[slot.name]) if isinstance(slot, _Param) else slot for slot in slots]
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            rows = cursor.fetchall()
        return make(compiler.results_iter(results=[rows], tuple_expected=True))


def _key(param) -> tuple:
    """A parameter as a marker would be looked up: text as text, any integer (not a bool) as an int."""
    if isinstance(param, str):
        return (str, str(param))
    if isinstance(param, int) and not isinstance(param, bool):
        return (int, int(param))
    return (None, None)


def _instances(info: dict, select: list, alias: str):
    """Rows to instances as the ORM's model iterable makes them: the model's columns first, then each related
    object's (``select_related``), set in place by the ORM's own populators (which keep no state between rows)."""
    model, fields = info["model"], info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    attnames = [column[0].target.attname for column in select[start:end]]
    related = get_related_populators(info, select, alias)

    def make(rows):
        out = []
        for row in rows:
            obj = model.from_db(alias, attnames, row[start:end])
            for populator in related:
                populator.populate(row, obj)
            out.append(obj)
        return out

    return make
