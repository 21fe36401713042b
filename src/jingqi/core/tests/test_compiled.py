"""core.compiled.CompiledRead: a read compiled once per connection gives what the ORM gives, fresh each call."""

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jingqi.core.compiled import CompiledRead
from jingqi.registry.models import Enterprise, Station

pytestmark = pytest.mark.django_db


def test_instances_are_those_the_orm_gives(world):
    by_code = CompiledRead(lambda code: Station.objects.filter(code=code).order_by("pk")[:1], "code")
    (station,) = by_code(code="T")
    expected = Station.objects.get(code="T")
    assert station == expected and type(station) is Station
    assert [getattr(station, f.attname) for f in Station._meta.concrete_fields] == [
        getattr(expected, f.attname) for f in Station._meta.concrete_fields]
    assert station._state.db == "default" and not station._state.adding
    assert isinstance(station.created_at, datetime) and station.created_at.tzinfo is not None  # converted
    assert by_code(code="nowhere") == []


def test_values_list_rows_are_converted_as_the_orm_converts_them(world):
    read = CompiledRead(lambda uscc: Enterprise.objects.filter(uscc=uscc).values_list("pk", "created_at", "park__name"),
                        "uscc")
    uscc = world.enterprise_a.uscc
    assert read(uscc=uscc) == list(Enterprise.objects.filter(uscc=uscc).values_list("pk", "created_at", "park__name"))


def test_it_compiles_once_and_reads_afresh_each_time(world, django_assert_num_queries):
    built = []

    def build(code):
        built.append(code)
        return Station.objects.filter(code=code).values_list("name")

    read = CompiledRead(build, "code")
    with django_assert_num_queries(1):
        assert read(code="S") == [("城东派出所",)]
    Station.objects.filter(code="S").update(name="改名派出所")
    with django_assert_num_queries(1):
        assert read(code="S") == [("改名派出所",)]
    assert len(built) == 1


def test_a_parameter_is_sent_as_a_parameter_never_in_the_sql(world):
    read = CompiledRead(lambda code: Station.objects.filter(code=code).values_list("pk"), "code")
    with CaptureQueriesContext(connection) as queries:
        assert read(code="S' OR '1'='1") == []
    assert "OR '1'='1" not in queries[0]["sql"].split("WHERE")[0]


@pytest.mark.parametrize(("build", "names", "error"), [
    (lambda code: Station.objects.filter(code__icontains=code), ("code",), ValueError),  # transformed on the way
    (lambda code: Station.objects.filter(name="x"), ("code",), ValueError),                # never reaches the SQL
    (lambda code: Enterprise.objects.select_related("park").filter(uscc=code), ("code",), TypeError),
    (lambda code: Station.objects.filter(code=code).values("pk"), ("code",), TypeError),  # dicts: not supported
])
def test_what_it_cannot_compile_is_refused(world, build, names, error):
    with pytest.raises(error):
        CompiledRead(build, *names)(**dict.fromkeys(names, "S"))


def test_the_parameters_must_be_those_named(world):
    read = CompiledRead(lambda code: Station.objects.filter(code=code).values_list("pk"), "code")
    with pytest.raises(TypeError):
        read(cod="S")
