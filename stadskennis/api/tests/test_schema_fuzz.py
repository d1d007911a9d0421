"""Schemathesis against /api/openapi.json, in process: no answer is a 5xx, every answer is documented.

Every operation of the schema is called with what Schemathesis derives from it (the boundary and
wrong-type cases of its coverage phase, and a bounded number of generated ones), once anonymously
and once with a member's API key. The checks are Schemathesis's defaults: no server error, a status
code the operation documents, the documented content type and body, a 401 where a key is required,
a 405 for a method the path does not have. Left out are the two that judge what the API should
accept beyond its schema (whether it refuses an unknown field, for one). Generation is
deterministic, so a failure fails the same way on rerun. The figures (requests sent, 5xx answers)
are printed at the end of the run.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from stadskennis.accounts.models import ApiToken
from stadskennis.core.models import Theme
from stadskennis.indicators.models import Area, AreaGroup
from stadskennis.indicators.tests.factories import IndicatorFactory, observe
from stadskennis.knowledge import services as knowledge_services
from stadskennis.network.models import Person, Workgroup
from stadskennis.questions import rondvraag as survey
from stadskennis.questions.models import Question, Rondvraag, SurveyQuestion
from stadskennis.questions.services import question_ask

# Generated cases per operation and caller, on top of the coverage cases; with them the module
# sends about 3,000 requests.
FUZZ_EXAMPLES = 25
ANSWER_EXAMPLES = 150

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20261127,
        "generation": {
            "max-examples": FUZZ_EXAMPLES,
            "deterministic": True,
            "database": "none",
            "no-shrink": True,
        },
        "phases": {"stateful": {"enabled": False}},
        # The answers of a survey round take any JSON value per question kind: more cases there.
        "operations": [
            {
                "include-path": "/api/rondvragen/{rondvraag_id}/answers",
                "include-method": "PUT",
                "generation": {"max-examples": ANSWER_EXAMPLES},
            }
        ],
        "checks": {
            "positive_data_acceptance": {"enabled": False},
            "negative_data_rejection": {"enabled": False},
        },
    }
)


class CountingApplication:
    """The project's WSGI application, counting the requests it answers and its 5xx answers."""

    def __init__(self, application):
        self.application = application
        self.requests = 0
        self.server_errors = 0

    def __call__(self, environ, start_response):
        self.requests += 1

        def counting_start_response(status, headers, *args):
            if status.startswith("5"):
                self.server_errors += 1
            return start_response(status, headers, *args)

        return self.application(environ, counting_start_response)

    def pytest_terminal_summary(self, terminalreporter):
        terminalreporter.write_line(
            f"schemathesis: {self.requests} requests to the API, {self.server_errors} answered with a 5xx"
        )


APPLICATION = CountingApplication(get_wsgi_application())
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", APPLICATION, config=CONFIG)

# Ids of what `content` made, so that a share of the generated ids reach a real object.
KNOWN: dict[str, list] = {}


def _known(name: str, value):
    """A real id for a small even number (or a string of even length), the generated value otherwise:
    the boundary values (0, 2^63, …) and every wrong type stay as generated."""
    choices = KNOWN.get(name)
    if not choices or isinstance(value, bool) or not isinstance(value, int | str):
        return value
    if isinstance(value, int):
        n = value
    else:  # a path parameter can come as text
        n = int(value) if value.isascii() and value.isdigit() else len(value)
    return choices[n // 2 % len(choices)] if 0 <= n < 1000 and n % 2 == 0 else value


@schema.hook("map_case")
def _real_ids(context, case):
    for name, value in (case.path_parameters or {}).items():
        case.path_parameters[name] = _known(name, value)
    return case


@schema.hook("flatmap_body")
def _real_survey_questions(context, body):
    """Answers to the round's real questions (one of each kind), so the generated values reach the
    parsing of each kind instead of stopping at "unknown question"."""
    answers = body.get("answers") if isinstance(body, dict) else None
    if not KNOWN.get("question") or not isinstance(answers, list):
        return st.just(body)
    valid = [answer for answer in answers if isinstance(answer, dict)]
    return st.lists(st.sampled_from(KNOWN["question"]), min_size=len(valid), max_size=len(valid)).map(
        lambda ids: {
            **body,
            "answers": [{**answer, "question": pk} for answer, pk in zip(valid, ids, strict=True)],
        }
    )


@pytest.fixture(autouse=True)
def _in_process(db, request):
    if not request.config.pluginmanager.is_registered(APPLICATION):
        request.config.pluginmanager.register(APPLICATION)
    # As Django's test client does: a request must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def content(cast, gent, antwerpen, centre):
    """Something behind every path: items of each visibility and a draft of the member's, a person,
    a workgroup, a question, a survey round sent to the member's city with a question of each kind."""
    wonen = Theme.objects.create(slug="wonen", name="Wonen", kind="programme_subject")
    items = [
        knowledge_services.item_create(
            actor=cast["editor"],
            title=f"Leegstand ({visibility})",
            kind="study",
            owner=gent,
            visibility=visibility,
            themes=[wonen],
            organisations=[gent, antwerpen],
        )  # fmt: skip
        for visibility in ("public", "network", "organisation")
    ]
    items.append(
        knowledge_services.item_create(
            actor=cast["member"], title="Voorstel", kind="practice", owner=gent, visibility="draft"
        )
    )
    person = Person.objects.create(
        first_name="An", last_name="Peeters", email="an@gent.example", organisation=gent, expertise="wonen"
    )
    group = Workgroup.objects.create(key="wonen", name="Werkgroep wonen", owner=centre, visibility="network")
    group.members.add(person)
    question_ask(actor=cast["member"], title="Hoe pakken steden leegstand aan?", visibility="public")
    round_ = Rondvraag.objects.create(title="Leegstand", owner=centre, visibility="network")
    for position, kind in enumerate(SurveyQuestion.Kind.values, start=1):
        SurveyQuestion.objects.create(
            rondvraag=round_, position=position, text=f"Vraag {kind}", kind=kind, choices="A\nB\nC"
        )
    survey.send(rondvraag=round_, organisations=[gent, antwerpen], actor=cast["editor"])
    codes = _figures(gent)
    KNOWN.update(
        code=codes,
        item_id=[item.pk for item in items],
        person_id=[person.pk],
        key=[group.key],
        slug=["gent", "antwerpen"],
        question_id=list(Question.objects.values_list("pk", flat=True)),
        rondvraag_id=[round_.pk],
        question=list(round_.questions.values_list("pk", flat=True)),
    )
    yield
    KNOWN.clear()


def _figures(gent) -> list[str]:
    """Indicators behind /api/indicators/{code}: a count with a confidential figure, a ratio over it, and
    one of Gent's own, on a small geography (a region, two cities, the centre-city group)."""
    region = Area.objects.create(code="02000", name="Vlaams Gewest", level="region")
    cities = [
        Area.objects.create(code=code, name=name, level="municipality", region=region)
        for code, name in (("44021", "Gent"), ("11002", "Antwerpen"))
    ]
    AreaGroup.objects.create(slug="centrumsteden", name="Centrumsteden").members.set(cities)
    population = IndicatorFactory(code="bevolking")
    counted = IndicatorFactory(code="teller")
    IndicatorFactory(
        code="per-1000", aggregation="ratio", numerator=counted, denominator=population, scale=1000
    )
    IndicatorFactory(code="eigen-telling", visibility="organisation", owner=gent)
    observe(population, "2020", {"44021": 263927, "11002": 529247})
    observe(counted, "2020", {"44021": 12, "11002": 30}, confidentiality="C")
    return ["bevolking", "teller", "per-1000", "eigen-telling"]


@pytest.fixture
def member_key(cast):
    _token, key = ApiToken.issue(user=cast["member"], name="schemathesis")
    return key


def _assert_documented(case, **call) -> None:
    """A status code, content type and body the schema documents for this operation, by the checks
    configured above (`call_and_validate` raises with what differs), and never a 5xx."""
    response = case.call_and_validate(**call)
    assert response.status_code < 500, (case.method, case.formatted_path, response.status_code)


# The data behind the paths is made once per operation, not once per generated case.
ONCE_PER_OPERATION = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@schema.parametrize()
@ONCE_PER_OPERATION
def test_anonymous_callers_get_documented_answers(case, content):
    _assert_documented(case)


@schema.parametrize()
@ONCE_PER_OPERATION
def test_a_member_with_a_key_gets_documented_answers(case, content, member_key):
    _assert_documented(case, headers={"Authorization": f"Bearer {member_key}"})
