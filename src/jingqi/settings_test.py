"""Settings for the test suite: the real settings, with what tests must not depend on switched off."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("JINGQI_FIELD_KEY", "test-field-key")

from .settings import *  # noqa: E402,F403
from .settings import HUEY, REST_FRAMEWORK, STORAGES  # noqa: E402

# Tasks run inline, in memory: no queue file, no consumer.
HUEY = {**HUEY, "immediate": True}
# Most tests sign in with force_login; the two-factor tests switch it back on themselves.
JINGQI_TWO_FACTOR = "off"
# The cast signs in many times per test; real hashing would cost seconds each time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Templates are rendered without running collectstatic first: no manifest needed.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Uploaded files go to a throwaway folder, never into the developer's media.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="jingqi-test-media-"))
# The API's rate limits stay out of the way of the suite (the throttling tests lower them).
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"user": "1000000/min", "address": "1000000/min"}}
