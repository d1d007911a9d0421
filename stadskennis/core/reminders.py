"""Reminders that fall due, from every module, sent by one hourly task (`stadskennis send-reminders`).

Each module registers a source: it takes the time, sends what has come due, and returns how many it
sent. The homework of the Netwerk, the Vraagbaak's survey rounds and the plans' releases do.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

REMINDER_SOURCES: list[Callable[[datetime], int]] = []


def register_reminder_source(source: Callable[[datetime], int]) -> None:
    REMINDER_SOURCES.append(source)
