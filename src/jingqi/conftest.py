import pytest
from django.db import transaction
from django.test import Client
from pytest_django.plugin import blocking_manager_key

from jingqi.core.testing.demo import loaded_demo
from jingqi.core.testing.personas import CommittedRows, SharedCast, Snapshot, as_migrated


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as migrated, its rows remembered for after each transactional test (see below)."""
    with django_db_blocker.unblock():
        CommittedRows.remember()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test empties the database when its fixtures end: its rows are put back then, so that the
    tests after it on this worker (in whatever order they come) find the database as before (see
    :class:`~jingqi.core.testing.personas.CommittedRows`)."""
    result = yield
    marker = item.get_closest_marker("django_db")
    if "transactional_db" in getattr(item, "fixturenames", ()) or (marker and marker.kwargs.get("transaction")):
        with item.config.stash[blocking_manager_key].unblock():
            CommittedRows.restore()
    return result


@pytest.fixture(scope="session")
def shared_cast(django_db_setup, django_db_blocker):
    """The cast, committed once per test database (see :class:`SharedCast`)."""
    with django_db_blocker.unblock():
        return SharedCast()


@pytest.fixture(scope="module", autouse=True)
def module_cast(request):
    """For a module marked ``dispute_cast``, ``patrol_cast``, ``inspection_cast`` or ``case_cast``: the cast with
    those extras, built once for the module inside a transaction rolled back after its last test (each test runs
    in its own savepoint inside it); None for other modules, and for transactional ones (the browser suite), whose
    tests commit. Building the extras costs about as much as the cast itself."""
    marks = {mark.name for mark in request.node.iter_markers()}
    disputes, patrols, inspections = "dispute_cast" in marks, "patrol_cast" in marks, "inspection_cast" in marks
    cases = "case_cast" in marks
    transactional = any(mark.kwargs.get("transaction") for mark in request.node.iter_markers("django_db"))
    if not (disputes or patrols or inspections or cases) or transactional:
        yield None
        return
    shared_cast = request.getfixturevalue("shared_cast")
    with request.getfixturevalue("django_db_blocker").unblock(), transaction.atomic():
        yield Snapshot(shared_cast.world(disputes=disputes, patrols=patrols, inspections=inspections, cases=cases))
        transaction.set_rollback(True)


@pytest.fixture
def world(db, request, shared_cast, module_cast):
    if module_cast is not None:
        return module_cast.world()
    return shared_cast.world(disputes=request.node.get_closest_marker("dispute_cast") is not None,
                             patrols=request.node.get_closest_marker("patrol_cast") is not None,
                             inspections=request.node.get_closest_marker("inspection_cast") is not None,
                             cases=request.node.get_closest_marker("case_cast") is not None)


@pytest.fixture
def migrated_db(db):
    """The database as the migrations left it, without the shared cast (see :func:`as_migrated`): for the
    demo, which loads only where there are no stations, and for tests that count what the migrations seed."""
    as_migrated()


@pytest.fixture(scope="module")
def small_demo(django_db_setup, django_db_blocker):
    """The demo at scale 0.1, loaded once for the module that asks for it and rolled back after its last test
    (see :func:`~jingqi.core.testing.demo.loaded_demo`); a :class:`~jingqi.core.testing.demo.LoadedDemo`."""
    with django_db_blocker.unblock(), loaded_demo(scale=0.1) as loaded:
        yield loaded


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make



@pytest.fixture
def api_for():
    """A DRF client signed in as ``user`` (no session, no second factor: the API's own auth)."""
    from rest_framework.test import APIClient

    def make(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make
