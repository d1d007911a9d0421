"""The embedded default: SQLite, console email, debug on unless DEBUG=0."""

from config.django.base import *  # noqa: F403
from config.env import env_bool

DEBUG = env_bool("DEBUG", True)
