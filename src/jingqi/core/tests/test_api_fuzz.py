"""The REST API fuzzed against its own OpenAPI schema (schemathesis), in-process, as several roles.

Every operation gets valid requests (generated from the schema) and invalid ones. Checks: no answer is a
server error, every status code is one the schema documents, and every documented answer matches its
schema (body and content type). Writes are allowed: they land in the test database and roll back.

The run is deterministic (derandomized Hypothesis, no example database, throttle state cleared before
each call). ``JINGQI_FUZZ_EXAMPLES`` sets the examples per operation and mode (``make fuzz`` runs many).
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.urls import resolve
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# The cast with its disputes: every dispute route has objects in and out of each persona's scope.
pytestmark = [pytest.mark.django_db, pytest.mark.dispute_cast, pytest.mark.patrol_cast,
              pytest.mark.inspection_cast, pytest.mark.case_cast]

EXAMPLES = int(os.environ.get("JINGQI_FUZZ_EXAMPLES", "3"))
CHECKS = {
    GenerationMode.POSITIVE: [not_a_server_error, status_code_conformance, content_type_conformance,
                              response_schema_conformance],
    GenerationMode.NEGATIVE: [not_a_server_error, status_code_conformance, content_type_conformance],
}


@pytest.fixture
def wsgi_app():
    """Django's real WSGI handler, kept on the test's connection (as Django's test client does)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _existing_ids(operation) -> list[int]:
    """Ids of the operation's objects in the world, so that generated paths reach them and not only 404s."""
    view = resolve(operation.path.replace("{id}", "1")).func
    model = getattr(getattr(view, "cls", None), "model", None)
    return list(model.objects.order_by("pk").values_list("pk", flat=True)[:30]) if model else []


def _strategy(operation, mode):
    free = operation.as_strategy(generation_mode=mode)
    ids = _existing_ids(operation) if "{id}" in operation.path else []
    if not ids:
        return free

    def with_id(drawn):
        case, pk = drawn
        if pk is not None:
            case.path_parameters = {**(case.path_parameters or {}), "id": pk}
        return case

    # Valid requests go to existing objects; invalid ones also to generated ids (which mostly do not exist).
    pick = st.sampled_from(ids) if mode == GenerationMode.POSITIVE else st.one_of(st.sampled_from(ids), st.none())
    return st.tuples(free, pick).map(with_id)


def _fuzz(operation, mode, headers) -> str | None:
    """The first failure of ``operation`` in ``mode``, as schemathesis reports it, or None."""

    @hypothesis_settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                         phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=_strategy(operation, mode))
    def run(case):
        cache.clear()  # throttle history: each call starts from the same state
        case.call_and_validate(headers=headers, checks=CHECKS[mode])

    try:
        run()
    except (Exception, BaseExceptionGroup) as exc:  # every failure is collected and reported together
        return f"{operation.label} [{mode.value}]: {exc}"
    return None


@pytest.mark.parametrize("role", ["supervisor", "liaison_a", "viewer"])
def test_the_api_answers_every_generated_request_as_its_schema_says(world, wsgi_app, role):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    token = Token.objects.get_or_create(user=getattr(world, role))[0].key
    headers = {"Authorization": f"Token {token}"}
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failure = _fuzz(operation, mode, headers)
            if failure:
                failures.append(failure)
    assert operations > 50
    assert not failures, f"{len(failures)} failing operations as {role}:\n\n" + "\n\n".join(failures)
