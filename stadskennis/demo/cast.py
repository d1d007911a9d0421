"""The demo cast: the logins `make run` prints and the tests use. One definition for both.

A member's login is the account of a person in the demo Netwerk (`person`, a key of
`data/demo.json`): it carries that person's name and organisation, so the start page, the homework
and the people directory all speak of the same someone.
"""

from dataclasses import dataclass

DEMO_PASSWORD = "stadskennis-demo"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    full_name: str
    role: str
    organisation: str
    person: str = ""  # the demo person this login is the account of


DEMO_LOGINS = [
    DemoLogin("beheerder@stadskennis.example", "Bea Beheer", "administrator", "kenniscentrum"),
    DemoLogin("redacteur@stadskennis.example", "Ruben Redactie", "editor", "kenniscentrum"),
    DemoLogin("lid.gent@stadskennis.example", "An Peeters", "member", "gent", person="an-peeters"),
    DemoLogin(
        "lid.antwerpen@stadskennis.example", "Koen Janssens", "member", "antwerpen", person="koen-janssens"
    ),
]
