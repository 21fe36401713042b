"""Every route × every persona × every object outside that persona's scope: 403/404, nothing leaks,
nothing changes. Routes come from each app's ``authz.py`` and from the API routers."""

import json

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from jingqi.core.models import AuditEvent
from jingqi.core.testing import matrix
from jingqi.core.testing.personas import PERSONA_NAMES

# The cast with its disputes: every dispute route has objects in and out of each persona's scope.
pytestmark = [pytest.mark.django_db, pytest.mark.dispute_cast, pytest.mark.patrol_cast,
              pytest.mark.inspection_cast, pytest.mark.case_cast]

DENIED = {403, 404, 405}


def _state(obj):
    fresh = type(obj).objects.filter(pk=obj.pk).first()
    return model_to_dict(fresh) if fresh else None


def _send(client, method, url, data, api):
    if api:
        return client.generic(method.upper(), url, json.dumps(data), content_type="application/json")
    if method == "get":
        return client.get(url)
    return client.post(url, data)


def _check_route(world, client_for, route, api):
    checked = 0
    for persona_name in PERSONA_NAMES:
        persona = world.personas[persona_name]
        client = client_for(persona)
        for method in route.methods:
            allowed = set(route.allowed_objects(persona, method).values_list("pk", flat=True))
            for obj in route.model.objects.all():
                url = reverse(route.name, kwargs=route.kwargs(obj))
                if obj.pk in allowed:
                    if method == "get":
                        response = client.get(url)
                        assert response.status_code == 200, (route.name, persona_name, obj, response.status_code)
                    continue
                before, events = _state(obj), AuditEvent.objects.count()
                response = _send(client, method, url, route.data(obj), api)
                assert response.status_code in DENIED, (route.name, method, persona_name, obj, response.status_code)
                assert str(obj).encode() not in response.content, (route.name, persona_name, "leaks", obj)
                assert _state(obj) == before, (route.name, method, persona_name, "changed", obj)
                assert AuditEvent.objects.count() == events
                checked += 1
    return checked


@pytest.mark.parametrize("route", matrix.html_routes(), ids=lambda r: r.name)
def test_html_route_denies_every_persona_outside_its_scope(world, client_for, route):
    denied = _check_route(world, client_for, route, api=False)
    # A route nobody is ever refused proves nothing, unless it is public (shown to all, checked below).
    assert denied > 0 or route.public


@pytest.mark.parametrize("route", matrix.api_routes(), ids=lambda r: r.name)
def test_api_route_denies_every_persona_outside_its_scope(world, client_for, route):
    assert _check_route(world, client_for, route, api=True) > 0 or route.public


@pytest.mark.parametrize(("name", "model"), matrix.api_list_routes(), ids=lambda v: str(v))
def test_api_list_shows_each_persona_exactly_its_scope(world, client_for, name, model):
    for persona_name in PERSONA_NAMES:
        persona = world.personas[persona_name]
        response = client_for(persona).get(reverse(name))
        assert response.status_code == 200
        body = response.json()
        visible = set(model.objects.visible_to(persona).values_list("pk", flat=True))
        assert {row["id"] for row in body["results"]} == visible, (name, persona_name)
        assert body["count"] == len(visible), (name, persona_name, "count leaks")


def test_every_object_route_is_in_the_matrix():
    covered = {route.name for route in matrix.html_routes()} | {route.name for route in matrix.api_routes()}
    missing = matrix.object_url_names() - covered - matrix.exempt_url_names()
    assert not missing, f"routes with an object in the URL but not in any authz.py or API router: {missing}"


def _anonymous_answer(client, route, obj, api):
    url = reverse(route.name, kwargs=route.kwargs(obj))
    if api or "get" not in route.methods:
        return client.generic(route.methods[0].upper(), url)
    return client.get(url)


@pytest.mark.parametrize("route", [r for r in matrix.html_routes() if not r.public], ids=lambda r: r.name)
def test_anonymous_user_is_sent_to_sign_in(world, client, route):
    response = _anonymous_answer(client, route, route.model.objects.first(), api=False)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("route", [r for r in matrix.api_routes() if not r.public], ids=lambda r: r.name)
def test_anonymous_api_call_is_refused(world, client, route):
    response = _anonymous_answer(client, route, route.model.objects.first(), api=True)
    assert response.status_code in (401, 403)


@pytest.mark.parametrize("route", [r for r in matrix.html_routes() + matrix.api_routes() if r.public],
                         ids=lambda r: r.name)
def test_public_route_shows_anonymous_visitors_what_it_shows_everyone(world, client, route):
    from django.contrib.auth.models import AnonymousUser

    allowed = set(route.allowed_objects(AnonymousUser(), "get").values_list("pk", flat=True))
    assert allowed, "a public route with nothing to show proves nothing"
    for obj in route.model.objects.all():
        response = client.get(reverse(route.name, kwargs=route.kwargs(obj)))
        assert response.status_code == (200 if obj.pk in allowed else 404), (route.name, obj)
