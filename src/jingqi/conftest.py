import pytest
from django.test import Client

from jingqi.core.testing.personas import build_world


@pytest.fixture
def world(db, request):
    return build_world(disputes=request.node.get_closest_marker("dispute_cast") is not None,
                       patrols=request.node.get_closest_marker("patrol_cast") is not None)


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
