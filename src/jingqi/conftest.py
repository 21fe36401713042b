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


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Tests render templates without running collectstatic first: no manifest needed.
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The cast signs in many times per test; real hashing would cost seconds each time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
