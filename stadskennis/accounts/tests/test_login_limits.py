"""Login limits behind the reverse proxy of docs/deploy.md: the client's address, not the proxy's.

The proxy (nginx on the same machine) connects from 127.0.0.1 and appends the address it received
the request from to X-Forwarded-For.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.test.client import RequestFactory
from django.urls import reverse

from stadskennis.core.client_address import client_address

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
PROXY = "127.0.0.1"
ATTACKER, GREET_AT_WORK, OTHER_CITY = "203.0.113.9", "198.51.100.7", "192.0.2.44"


def via_proxy(client: Client, client_ip: str, username: str, password: str, forwarded: str = ""):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{forwarded}{client_ip}",
    )


def test_five_wrong_passwords_from_an_attacker_do_not_lock_out_the_real_user(cast, settings):
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert via_proxy(attacker, ATTACKER, "greet@gent.example", "fout").status_code == 200
    assert via_proxy(attacker, ATTACKER, "greet@gent.example", "fout").status_code == 429

    # The attacker's pair of account and address is locked, even with the right password
    locked = via_proxy(attacker, ATTACKER, "greet@gent.example", "pw-greet-123")
    assert locked.status_code == 429
    assert "Te veel pogingen" in locked.content.decode()
    # Greet, from her own office, logs in as usual
    greet = Client()
    response = via_proxy(greet, GREET_AT_WORK, "greet@gent.example", "pw-greet-123")
    assert response.status_code == 302
    assert greet.session["_auth_user_id"] == str(cast["member"].pk)


def test_a_forged_forwarded_for_does_not_move_the_attacker_to_another_address(cast, settings):
    attacker = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        # The client writes its own X-Forwarded-For; the proxy appends the address it really saw.
        via_proxy(attacker, ATTACKER, "greet@gent.example", "fout", forwarded=f"10.0.0.{n}, ")
    assert via_proxy(attacker, ATTACKER, "greet@gent.example", "pw-greet-123").status_code == 429


def test_without_a_trusted_proxy_the_header_is_ignored(cast, settings):
    """The app reached directly (not through the proxy): X-Forwarded-For is whatever the client says."""
    attacker = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        attacker.post(
            LOGIN,
            {"username": "greet@gent.example", "password": "fout"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    response = attacker.post(
        LOGIN,
        {"username": "greet@gent.example", "password": "pw-greet-123"},
        REMOTE_ADDR=ATTACKER,
        HTTP_X_FORWARDED_FOR="10.0.0.99",
    )
    assert response.status_code == 429


def test_password_spraying_from_one_address_limits_that_address(cast, settings):
    sprayer = Client()
    # Two guesses at each of many accounts: never five at one of them
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        response = via_proxy(sprayer, ATTACKER, f"persoon{n // 2}@gent.example", "Zomer2026!")
        assert response.status_code == 200
    assert via_proxy(sprayer, ATTACKER, "persoon98@gent.example", "Zomer2026!").status_code == 429

    # Then that address is limited, for every account, even with a right password
    for username, password in [("arne@antwerpen.example", "pw-arne-123"), ("persoon99@gent.example", "x")]:
        response = via_proxy(sprayer, ATTACKER, username, password)
        assert response.status_code == 429, username
        assert "Te veel pogingen" in response.content.decode()
    # Others are not: Arne logs in from his city
    arne = Client()
    assert via_proxy(arne, OTHER_CITY, "arne@antwerpen.example", "pw-arne-123").status_code == 302


def test_logging_in_to_an_own_account_does_not_clear_the_address_count(cast, settings):
    """A sprayer with one valid account must not reset the address limit by logging in with it."""
    sprayer = Client()
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        via_proxy(sprayer, ATTACKER, f"persoon{n // 2}@gent.example", "Zomer2026!")
    assert via_proxy(Client(), ATTACKER, "greet@gent.example", "pw-greet-123").status_code == 302

    via_proxy(sprayer, ATTACKER, "persoon98@gent.example", "Zomer2026!")
    assert via_proxy(Client(), ATTACKER, "greet@gent.example", "pw-greet-123").status_code == 429


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        (PROXY, "", PROXY),  # the proxy itself (a health check), no header
        (PROXY, GREET_AT_WORK, GREET_AT_WORK),
        (PROXY, f"1.2.3.4, {GREET_AT_WORK}", GREET_AT_WORK),  # the left part is the client's own claim
        (PROXY, f"{GREET_AT_WORK}, 10.1.2.3", GREET_AT_WORK),  # two proxies: load balancer, then nginx
        (PROXY, "niet-een-adres", PROXY),
        (PROXY, f"2001:db8::1, {PROXY}", "2001:db8::1"),
        ("::1", GREET_AT_WORK, GREET_AT_WORK),
        (ATTACKER, GREET_AT_WORK, ATTACKER),  # not through a trusted proxy
    ],
)
def test_client_address(remote, forwarded, expected, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.1.2.0/24"]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
