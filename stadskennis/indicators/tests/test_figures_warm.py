"""After an import the worker computes the indicator pages' figures, so the first reader reads them.

The computed figures are kept in the database (settings CACHES["figures"]), shared by the web
processes and the worker, under a key that changes with the figures: a page after the warm-up reads
no observation at all, and a revised figure still shows on the next request.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from stadskennis.indicators.models import Indicator
from stadskennis.indicators.series import series_warm
from stadskennis.indicators.tests.factories import IndicatorFactory, observe

CITIES = {"44021": 100, "11002": 300, "71022": 50, "71037": 20}  # Gent, Antwerpen, Hasselt, Kortessem


@pytest.fixture
def counted(geography):
    indicator = IndicatorFactory(code="teller", name="Teller")
    observe(indicator, "2020", CITIES)
    return indicator


def observation_reads(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries if "indicators_observation" in q["sql"]]


def test_an_import_asks_the_worker_to_compute_its_indicators_and_the_ratios_built_on_them(
    counted, django_capture_on_commit_callbacks
):
    population = Indicator.objects.get(code="bevolking")
    IndicatorFactory(code="per-inwoner", aggregation="ratio", numerator=counted, denominator=population)
    with django_capture_on_commit_callbacks(execute=True):
        observe(counted, "2021", CITIES)
    (job,) = DBTaskResult.objects.filter(task_path__endswith="figures_warm")
    assert job.args_kwargs["args"] == [[counted.pk]]
    assert series_warm([counted.pk]) == 2  # the count and the ratio built on it


def test_after_the_warm_up_the_page_reads_no_observation_and_a_revision_still_shows(client, counted):
    other = IndicatorFactory(code="ander", name="Ander")
    observe(other, "2020", CITIES)
    assert observation_reads(client, "/cijfers/ander/")  # not warmed: computed on the first request
    series_warm([counted.pk])
    for path in ("/cijfers/teller/", "/cijfers/teller/?grenzen=2025"):
        assert observation_reads(client, path) == [], path
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert observation_reads(client, "/cijfers/teller/") == []  # computed in English too
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    observe(counted, "2020", {"44021": 150})  # Gent revised
    assert observation_reads(client, "/cijfers/teller/")  # the key changed: computed again
    assert "150" in client.get("/cijfers/teller/").content.decode()


def test_a_preview_asks_for_nothing(counted, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            observe(counted, "2022", CITIES)
            transaction.set_rollback(True)  # as the preview does
    assert not DBTaskResult.objects.filter(task_path__endswith="figures_warm").exists()
