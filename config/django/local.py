"""The embedded default: SQLite, mail kept for /beheer/mail/, debug on unless DEBUG=0."""

from config.django.base import *  # noqa: F403
from config.env import env_bool

DEBUG = env_bool("DEBUG", True)
