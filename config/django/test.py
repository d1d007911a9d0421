"""Tests: fast password hashing, mail to a real SMTP server on loopback started by the suite."""

import os
import tempfile

from config.django.base import *  # noqa: F403

DEBUG = False
GC_TUNED = False  # one process runs thousands of tests; test_process.py turns it on
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
LOGGING["loggers"]["stadskennis.requests"]["level"] = "WARNING"  # noqa: F405
# Each test run has its own search index, and reads apply the outbox first (tests/conftest resets it).
SEARCH_INDEX_DIR = tempfile.mkdtemp(prefix="stadskennis-search-")
SEARCH_INDEX_SYNC = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: tests start real processes (the search indexer) against the test database.
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(SEARCH_INDEX_DIR, "test.sqlite3")}  # noqa: F405
