import pytest
from django.test import Client

from jingqi.core.testing.personas import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make

