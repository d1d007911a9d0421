"""A web process freezes what it loaded before and in its first request, once, and collects young
objects in larger batches, so collections stay short."""

import gc

import pytest

from stadskennis.core import process
from stadskennis.core.process import ready_to_serve


@pytest.fixture
def fresh_process(monkeypatch):
    monkeypatch.setattr(process, "_frozen", False)
    thresholds = gc.get_threshold()
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.django_db
def test_the_first_request_freezes_what_the_process_loaded_and_later_ones_do_not(
    client, settings, fresh_process
):
    settings.GC_TUNED = True
    assert gc.get_freeze_count() == 0
    client.get("/")
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # Django, the URL modules, the templates
    assert gc.get_threshold() == process.THRESHOLDS
    client.get("/")
    assert gc.get_freeze_count() <= frozen  # nothing frozen again (frozen objects freed may leave)


@pytest.mark.django_db
def test_without_the_setting_nothing_is_frozen(client, settings, fresh_process):
    settings.GC_TUNED = False
    before = gc.get_threshold()
    client.get("/")
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before  # Python's own, untouched


def test_a_process_made_ready_has_every_template_compiled_and_frozen(settings, fresh_process):
    from django.template import engines

    settings.GC_TUNED = True
    compiled = ready_to_serve()
    assert compiled > 100  # ours and Django's admin's
    assert gc.get_freeze_count() > 10_000
    engine = engines["django"].engine
    cached = engine.template_loaders[0].get_template_cache
    assert "indicators/compare.html" in cached and "base.html" in cached
