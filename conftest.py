"""Loaded before Django is set up: make tests independent of the developer's environment."""

import os

os.environ["HUEY_IMMEDIATE"] = "1"  # tasks run inline, in memory: no queue file, no consumer
os.environ.setdefault("JINGQI_FIELD_KEY", "test-field-key")
os.environ.setdefault("SECRET_KEY", "test-secret-key")
