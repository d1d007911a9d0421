"""Reference data, language, deploy settings and the console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from stadskennis.core.models import Organisation, OutboxEntry, Period, ProgrammeLine, Theme
from stadskennis.core.reference import REFERENCE_FILE, reference_load

ROOT = Path(__file__).resolve().parents[3]
CENTRE_CITIES = {
    "Aalst": "41002",
    "Antwerpen": "11002",
    "Brugge": "31005",
    "Genk": "71016",
    "Gent": "44021",
    "Hasselt": "71072",
    "Kortrijk": "34022",
    "Leuven": "24062",
    "Mechelen": "12025",
    "Oostende": "35013",
    "Roeselare": "36015",
    "Sint-Niklaas": "46021",
    "Turnhout": "13040",
}


@pytest.mark.django_db
def test_reference_data_is_complete_and_loads_idempotently():
    first = reference_load()
    counts = (Organisation.objects.count(), Theme.objects.count(), ProgrammeLine.objects.count())
    assert reference_load() == first
    assert (Organisation.objects.count(), Theme.objects.count(), ProgrammeLine.objects.count()) == counts

    cities = Organisation.objects.filter(kind="centre_city")
    assert {c.short_name: c.nis_code for c in cities} == CENTRE_CITIES
    for kind in ("vgc", "vvsg", "government", "centre"):
        assert Organisation.objects.filter(kind=kind).exists(), kind
    assert [p.name for p in Period.objects.all()] == ["2007–2011", "2012–2016", "2017–2021", "2022–2026"]
    assert all(p.programme_lines.exists() for p in Period.objects.all())
    assert Theme.objects.filter(kind="urbanity_field").count() == 6
    for slug in ("wonen", "europa", "obmi", "herbestemming", "smart-cities", "klimaat"):
        assert Theme.objects.filter(slug=slug).exists(), slug


@pytest.mark.django_db
def test_a_reload_writes_only_what_the_file_changed_and_tells_search(tmp_path):
    # Given the reference loaded, and an editor's own description of a line and a theme added by hand
    reference_load()
    line = ProgrammeLine.objects.get(period__name="2022–2026", name__startswith="O(mgeving)")
    line.themes.add(Theme.objects.create(slug="eigen-thema", name="Eigen thema", kind="field"))
    before = OutboxEntry.objects.count()
    # when a new release of the file renames a theme and an organisation
    data = json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
    wonen = next(row for row in data["themes"] if row["slug"] == "wonen")
    wonen["name"] = "Wonen en woonbeleid"
    gent = next(row for row in data["organisations"] if row["slug"] == "gent")
    gent["short_name"] = "Gent (stad)"
    changed = tmp_path / "reference.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    reference_load(path=changed)

    # then those two are renamed, and search is told of exactly those two
    assert Theme.objects.get(slug="wonen").name == "Wonen en woonbeleid"
    assert Organisation.objects.get(slug="gent").short_name == "Gent (stad)"
    told = set(
        OutboxEntry.objects.filter(id__gt=before, model__startswith="core.").values_list("model", "object_id")
    )
    assert told == {
        ("core.theme", str(Theme.objects.get(slug="wonen").pk)),
        ("core.organisation", str(Organisation.objects.get(slug="gent").pk)),
    }
    # and a line's themes are the file's again, exactly
    expected = next(
        row for period in data["periods"] if period["name"] == "2022–2026"
        for row in period["programme_lines"] if row["name"] == line.name
    )["themes"]  # fmt: skip
    assert sorted(line.themes.values_list("slug", flat=True)) == sorted(expected)


@pytest.mark.django_db
def test_hasselt_keeps_its_old_code_with_validity_dates():
    reference_load()
    hasselt = Organisation.objects.get(short_name="Hasselt")
    assert hasselt.nis_code_on(date(2024, 12, 31)) == "71022"
    assert hasselt.nis_code_on(date(2025, 1, 1)) == "71072"


def test_reference_codes_match_the_published_2025_list():
    """Checked against Statbel's codes as published in shared/data (when it is there)."""
    csv_path = ROOT.parent / "shared" / "data" / "gemeenten-2025.csv"
    if not csv_path.exists():
        pytest.skip("shared/data is not beside this checkout")
    published = dict(
        line.strip().split(",", 1) for line in csv_path.read_text(encoding="utf-8").splitlines()[1:]
    )
    for name, code in CENTRE_CITIES.items():
        assert published[code] == name


@pytest.mark.django_db
def test_dutch_by_default_even_for_an_english_browser(client):
    response = client.get(reverse("home:home"), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Kennisbank" in html and "Steden leren van steden" in html


@pytest.mark.django_db
def test_english_is_one_switch_away(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html and "Knowledge base" in html and "Cities learn from cities" in html


def test_every_interface_string_has_a_dutch_translation():
    po = (ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = po.split("\n\n")[1:]

    def translations(entry: str) -> list[str]:
        """The text of each msgstr (or msgstr[n]) of an entry, its continuation lines joined."""
        found, current = [], None
        for line in entry.splitlines():
            if line.startswith("msgstr"):
                current = line.split(" ", 1)[1].strip('"')
                found.append(current)
            elif line.startswith('"') and found and current is not None:
                found[-1] += line.strip('"')
            else:
                current = None
        return found

    untranslated = [e for e in entries if any(t == "" for t in translations(e))]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert untranslated == [] and fuzzy == []


def test_no_interface_string_is_marked_inside_an_f_string():
    """xgettext cannot read a gettext call inside an f-string: `make messages` leaves that string out
    of the catalogue (and, confused, the strings after it in the file), so it shows in English."""
    import re
    import tokenize

    marked = re.compile(r"\{[^{}]*\b(?:_|gettext|ngettext|pgettext|gettext_lazy)\(")
    found = []
    for path in sorted((ROOT / "stadskennis").rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        with path.open("rb") as handle:
            for token in tokenize.tokenize(handle.readline):
                prefix = re.match(r"[A-Za-z]*", token.string).group(0).lower()
                if token.type == tokenize.STRING and "f" in prefix and marked.search(token.string):
                    found.append(f"{path.relative_to(ROOT)}:{token.start[0]}")
    assert found == []


def test_check_deploy_passes_with_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.django.production",
        "SECRET_KEY": "p" * 20 + "r0duct10n-k3y" * 4,
        "ALLOWED_HOSTS": "stadskennis.example",
    }
    result = subprocess.run(
        [sys.executable, "-m", "stadskennis", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.django.production", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "-m", "stadskennis", "check"], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The test database lives in memory, where SQLite reports 'memory'; the file database gets WAL.
    assert mode in ("wal", "memory")
    assert settings.DATABASES["default"]["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]


@pytest.mark.django_db
def test_an_expired_form_gets_a_clear_page_not_a_django_error(cast):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "greet@gent.example", "password": "x"})
    assert response.status_code == 403
    assert "formulier is verlopen" in response.content.decode().lower()
