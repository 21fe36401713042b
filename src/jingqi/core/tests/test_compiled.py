"""core.compiled.CompiledRead: a read compiled once per connection gives what the ORM gives, fresh each call."""

from datetime import datetime

import pytest
from django.db import connections
from django.db.models import Count

from jingqi.core.compiled import CompiledRead
from jingqi.registry.models import Enterprise, Station

pytestmark = pytest.mark.django_db


def test_instances_are_those_the_orm_gives(world):
    by_code = CompiledRead(lambda code: Station.objects.filter(code=code).order_by("pk")[:1], code=str)
    (station,) = by_code(code="T")
    expected = Station.objects.get(code="T")
    assert station == expected and type(station) is Station
    assert [getattr(station, f.attname) for f in Station._meta.concrete_fields] == [
        getattr(expected, f.attname) for f in Station._meta.concrete_fields]
    assert station._state.db == "default" and not station._state.adding
    assert isinstance(station.created_at, datetime) and station.created_at.tzinfo is not None  # converted
    assert by_code(code="nowhere") == []


def test_related_objects_are_put_in_place_as_the_orm_puts_them(world, django_assert_num_queries):
    read = CompiledRead(lambda uscc: Enterprise.objects.select_related("park__station", "park__office")
                        .filter(uscc=uscc).order_by("pk")[:1], uscc=str)
    enterprise = world.enterprise_a
    read(uscc=enterprise.uscc)  # compiled
    with django_assert_num_queries(1):
        (got,) = read(uscc=enterprise.uscc)
        park, station, office = got.park, got.park.station, got.park.office
    expected = Enterprise.objects.select_related("park__station", "park__office").get(pk=enterprise.pk)
    assert got == expected and park == expected.park and station == expected.park.station
    assert office == expected.park.office and (office is None) == (expected.park.office_id is None)
    for obj, want in ((got, expected), (park, expected.park), (station, expected.park.station)):
        assert [getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields] == [
            getattr(want, f.attname) for f in type(want)._meta.concrete_fields]
        assert obj._state.db == "default" and not obj._state.adding
    # A second call gives new objects, each with its own related ones.
    (again,) = read(uscc=enterprise.uscc)
    assert again is not got and again.park is not got.park
    # A nullable relation that is empty comes back as None, without a query.
    from jingqi.registry.models import Park

    Park.objects.filter(pk=world.park_b.pk).update(office=None)
    with django_assert_num_queries(1):
        (other,) = read(uscc=world.enterprise_b.uscc)
        assert other.park == world.park_b and other.park.office is None


def test_values_list_rows_are_converted_as_the_orm_converts_them(world):
    read = CompiledRead(lambda uscc: Enterprise.objects.filter(uscc=uscc).values_list("pk", "created_at", "park__name"),
                        uscc=str)
    uscc = world.enterprise_a.uscc
    assert read(uscc=uscc) == list(Enterprise.objects.filter(uscc=uscc).values_list("pk", "created_at", "park__name"))


def test_it_compiles_once_and_reads_afresh_each_time(world, django_assert_num_queries):
    built = []

    def build(code):
        built.append(code)
        return Station.objects.filter(code=code).values_list("name")

    read = CompiledRead(build, code=str)
    with django_assert_num_queries(1):
        assert read(code="S") == [("城东派出所",)]
    Station.objects.filter(code="S").update(name="改名派出所")
    with django_assert_num_queries(1):
        assert read(code="S") == [("改名派出所",)]
    assert len(built) == 1


def test_a_parameter_is_sent_as_a_parameter_never_in_the_sql(world):
    read = CompiledRead(lambda code: Station.objects.filter(code=code).values_list("pk"), code=str)
    assert read(code="S' OR '1'='1") == []
    (_compiler, sql, slots, _make) = read.compiled_on(connections["default"])
    assert "'1'='1" not in sql and "S'" not in sql and len(slots) == 1  # the statement holds a placeholder only
    assert read(code="S") == [(world.station.pk,)] and read.compiled_on(connections["default"])[1] == sql


@pytest.mark.parametrize(("build", "error"), [
    (lambda code: Station.objects.filter(code__icontains=code), ValueError),  # transformed on the way
    (lambda code: Station.objects.filter(name="x"), ValueError),                # never reaches the SQL
    (lambda code: Station.objects.filter(code=code).annotate(n=Count("parks")), TypeError),
    (lambda code: Station.objects.filter(code=code).values("pk"), TypeError),  # dicts: not supported
])
def test_what_it_cannot_compile_is_refused(world, build, error):
    with pytest.raises(error):
        CompiledRead(build, code=str)(code="S")


def test_whole_number_parameters(world):
    read = CompiledRead(lambda station, pk: Enterprise.objects.filter(park__station_id=station, pk=pk)
                        .values_list("uscc"), station=int, pk=int)
    enterprise = world.enterprise_a
    assert read(station=world.station.pk, pk=enterprise.pk) == [(enterprise.uscc,)]
    assert read(station=world.station_t.pk, pk=enterprise.pk) == []
    with pytest.raises(ValueError):  # a whole number changed on its way to the SQL
        CompiledRead(lambda pk: Station.objects.filter(pk__gt=pk + 1).values_list("pk"), pk=int)(pk=1)
    with pytest.raises(TypeError):
        CompiledRead(lambda when: Station.objects.filter(created_at=when), when=float)(when=1.0)
    # A positive column and a 32-bit key take the markers (a value outside a column's range would match nothing).
    from jingqi.accounts.models import User
    from jingqi.core.models import AuditEvent

    assert CompiledRead(lambda seq: AuditEvent.objects.filter(seq=seq).values_list("pk"), seq=int)(seq=-1) == []
    assert CompiledRead(lambda pk: User.objects.filter(pk=pk).values_list("username"), pk=int)(
        pk=world.viewer.pk) == [(world.viewer.username,)]


def test_the_parameters_must_be_those_named(world):
    read = CompiledRead(lambda code: Station.objects.filter(code=code).values_list("pk"), code=str)
    with pytest.raises(TypeError):
        read(cod="S")


def test_what_was_compiled_for_a_connection_goes_with_it(world):
    # A sweep's worker thread has a connection of its own, dropped when the thread ends: the reads compiled for it
    # (whose compilers hold it) must not keep it alive.
    import gc
    import weakref

    from django.db import DEFAULT_DB_ALIAS

    read = CompiledRead(lambda code: Station.objects.filter(code=code), code=str)
    extra = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        compiled = read.compiled_on(extra)
        assert read.compiled_on(extra) is compiled  # compiled once for it
        assert read.compiled_on(connections[DEFAULT_DB_ALIAS]) is not compiled  # each connection its own
    finally:
        extra.close()
    gone = weakref.ref(extra)
    del extra, compiled
    gc.collect()
    assert gone() is None
