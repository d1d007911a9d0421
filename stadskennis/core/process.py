"""A web process made ready to serve, and its garbage collector set for a large, long-lived heap.

Python's collector walks every object it tracks on each full collection. In a process that serves
pages (Django, the URL modules, the compiled templates: hundreds of thousands of objects) that walk
cost 80–90 ms, and it came every few pages of the compare builder, whose figures allocate many small
objects (decision 0012, fourth step). So a process loads what every request needs before its first
one (`ready_to_serve`: the URL modules and every template) and moves it out of the collector's sight
(`gc.freeze`, as the Python documentation advises for long-lived servers); what the first request
still loads lazily (translations, caches) is frozen after it. What requests allocate is collected as
before, young objects in batches of 10,000 allocations rather than 700: a page of figures allocates
hundreds of thousands, and each young collection also walks what is still alive.
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)
_frozen = False
THRESHOLDS = (10_000, 10, 10)  # gc.set_threshold: young, middle, old (Python's default: 700, 10, 10)


def ready_to_serve() -> int:
    """Import every view module and compile every template now, then freeze; returns how many
    templates were compiled. The web server's entry point (config/wsgi.py) and the bench call it."""
    from django.template import engines
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every view module)
    compiled = 0
    for engine in engines.all():
        for folder in engine.template_dirs:
            for path in Path(folder).rglob("*.html"):
                try:
                    engine.get_template(str(path.relative_to(folder)))
                    compiled += 1
                except Exception:  # noqa: BLE001 (a template that fails here fails on its page, not at start)
                    log.warning("template not compiled before the first request: %s", path, exc_info=True)
    if getattr(settings, "GC_TUNED", False):
        gc.set_threshold(*THRESHOLDS)
        gc.collect()
        gc.freeze()
    return compiled


def freeze_after_first_request(**kwargs) -> None:
    """request_finished: once per process, collect what the first request left and freeze the rest.
    What is alive then (a cache entry, a translation catalogue) is never collected as a cycle again:
    bounded, since it happens once."""
    global _frozen  # noqa: PLW0603 (once per process)
    if _frozen or not getattr(settings, "GC_TUNED", False):
        return
    _frozen = True
    gc.set_threshold(*THRESHOLDS)
    gc.collect()
    gc.freeze()
