"""The demo cast: the logins `make run` prints and the tests use. One definition for both."""

from dataclasses import dataclass

DEMO_PASSWORD = "stadskennis-demo"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    full_name: str
    role: str
    organisation: str


DEMO_LOGINS = [
    DemoLogin("beheerder@stadskennis.example", "Bea Beheer", "administrator", "kenniscentrum"),
    DemoLogin("redacteur@stadskennis.example", "Ruben Redactie", "editor", "kenniscentrum"),
    DemoLogin("lid.gent@stadskennis.example", "Greet Gent", "member", "gent"),
    DemoLogin("lid.antwerpen@stadskennis.example", "Arne Antwerpen", "member", "antwerpen"),
]
