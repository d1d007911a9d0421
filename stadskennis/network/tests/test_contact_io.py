"""Contact lists in and out: an Excel-made CSV, XLSX, a row-by-row report, nothing written unconfirmed."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from stadskennis.core.tests.factories import OrganisationFactory, ThemeFactory
from stadskennis.network.models import Person
from stadskennis.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

EXCEL_CSV = (
    "Voornaam;Achternaam;E-mail;Organisatie;Functie;Thema's\r\n"
    "Frédéric;Declercq;frederic.declercq@sint-niklaas.example;Sint-Niklaas;"
    "beleidsmedewerker économie;Wonen\r\n"
    "Griet;Van Damme;griet@gent.example;Stad Gent;coördinator;\r\n"
).encode("cp1252")


@pytest.fixture
def setup(gent):
    ThemeFactory(slug="wonen", name="Wonen", kind="urbanity_field")
    return OrganisationFactory(
        slug="sint-niklaas", name="Stad Sint-Niklaas", short_name="Sint-Niklaas", nis_code="46021"
    )


def _upload(client, name, data):
    return client.post("/netwerk/contacten/importeren/", {"file": SimpleUploadedFile(name, data)})


def _token(html):
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def test_excel_csv_in_windows_1252_previews_then_imports(setup, cast, client_for):
    editor = client_for(cast["editor"])
    html = _upload(editor, "contacten.csv", EXCEL_CSV).content.decode()
    assert "Windows-1252" in html
    assert "Frédéric" in html and "2 nieuw" in html
    assert Person.objects.count() == 0  # a preview writes nothing
    response = editor.post("/netwerk/contacten/importeren/bevestigen/", {"token": _token(html)}, follow=True)
    assert "2 toegevoegd" in response.content.decode()
    frederic = Person.objects.get(email="frederic.declercq@sint-niklaas.example")
    assert frederic.first_name == "Frédéric" and frederic.function == "beleidsmedewerker économie"
    assert frederic.organisation == setup and list(frederic.themes.values_list("slug", flat=True)) == [
        "wonen"
    ]


def test_known_email_updates_instead_of_duplicating(setup, cast, client_for, gent):
    PersonFactory(
        first_name="Griet",
        last_name="Van Damme",
        email="GRIET@gent.example",
        organisation=gent,
        function="oud",
    )
    editor = client_for(cast["editor"])
    html = _upload(editor, "contacten.csv", EXCEL_CSV).content.decode()
    assert "1 nieuw, 1 bij te werken" in html and "functie" in html
    editor.post("/netwerk/contacten/importeren/bevestigen/", {"token": _token(html)})
    assert Person.objects.filter(last_name="Van Damme").count() == 1
    assert Person.objects.get(last_name="Van Damme").function == "coördinator"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("An;Peeters;geen-adres;Stad Gent", "is geen geldig e-mailadres"),
        ("An;Peeters;an@gent.example;Atlantis", "onbekende organisatie"),
        ("An;Peeters;griet@gent.example;Stad Gent", "hetzelfde adres als regel 2"),
        (";Peeters;an@gent.example;46021", "voornaam"),
    ],
)
def test_invalid_rows_are_reported_by_line_and_block_the_import(setup, cast, client_for, line, message):
    data = (
        "voornaam;achternaam;e-mail;organisatie\r\nGriet;Van Damme;griet@gent.example;gent\r\n" + line
    ).encode()
    html = _upload(client_for(cast["editor"]), "lijst.csv", data).content.decode()
    assert message in html
    assert "Bevestig de import" not in html
    assert Person.objects.count() == 0


def test_missing_column_is_one_clear_error(setup, cast, client_for):
    html = _upload(
        client_for(cast["editor"]), "lijst.csv", b"voornaam;achternaam\r\nAn;Peeters\r\n"
    ).content.decode()
    assert "Ontbrekende kolommen: e-mail, organisatie" in html


@pytest.mark.parametrize(
    ("name", "data"), [("rommel.csv", bytes(range(256)) * 4), ("kapot.xlsx", b"geen zip")]
)
def test_malformed_file_gets_a_message_not_an_error(setup, cast, client_for, name, data):
    response = _upload(client_for(cast["editor"]), name, data)
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_xlsx_is_read(setup, cast, client_for):
    book = Workbook()
    book.active.append(["First name", "Last name", "Email", "Organisation", "Phone"])
    book.active.append(["Jonas", "Maes", "jonas@sint-niklaas.example", "46021", "03 123 45 67"])
    out = io.BytesIO()
    book.save(out)
    editor = client_for(cast["editor"])
    html = _upload(editor, "lijst.xlsx", out.getvalue()).content.decode()
    editor.post("/netwerk/contacten/importeren/bevestigen/", {"token": _token(html)})
    assert Person.objects.get(email="jonas@sint-niklaas.example").phone == "03 123 45 67"


def test_confirm_checks_again_and_writes_nothing_when_a_row_became_invalid(setup, cast, client_for, gent):
    editor = client_for(cast["editor"])
    html = _upload(editor, "contacten.csv", EXCEL_CSV).content.decode()
    setup.delete()  # Sint-Niklaas disappears between preview and confirm
    editor.post("/netwerk/contacten/importeren/bevestigen/", {"token": _token(html)})
    assert Person.objects.count() == 0


def test_forged_token_is_refused(cast, client_for):
    response = client_for(cast["editor"]).post(
        "/netwerk/contacten/importeren/bevestigen/", {"token": "x"}, follow=True
    )
    assert "verlopen" in response.content.decode()


def test_only_editors_import(setup, cast, client_for):
    assert _upload(client_for(cast["member"]), "contacten.csv", EXCEL_CSV).status_code == 403
    assert _upload(client_for(None), "contacten.csv", EXCEL_CSV).status_code == 302
    assert Person.objects.count() == 0


@pytest.fixture
def lotte(gent):
    return PersonFactory(
        first_name="Lotte",
        last_name="Vermeulen, Jr.",
        email="lotte@gent.example",
        phone="09 266 00 00",
        organisation=gent,
        department="Data; Analyse",
        function='=HYPERLINK("http://x")',
    )


def test_vcard_export_reads_back(lotte, cast, client_for):
    body = client_for(cast["member"]).get("/netwerk/contacten/export.vcf").content.decode()
    assert "\r\n" in body
    unfolded = body.replace("\r\n ", "")
    assert "FN:Lotte Vermeulen\\, Jr." in unfolded
    assert "ORG:Stad Gent;Data\\; Analyse" in unfolded
    assert "EMAIL;TYPE=INTERNET,WORK:lotte@gent.example" in unfolded
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_csv_export_is_for_logged_in_members_and_guards_formulas(lotte, cast, client_for):
    assert client_for(None).get("/netwerk/contacten/export.csv").status_code == 302
    body = client_for(cast["member"]).get("/netwerk/contacten/export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][:3] == ["voornaam", "achternaam", "e-mail"]
    assert rows[1][2] == "lotte@gent.example"
    assert rows[1][4].startswith("'=")


def test_export_follows_the_filter_and_leaves_out_erased_people(lotte, cast, client_for, antwerpen):
    from django.utils import timezone

    PersonFactory(
        first_name="Koen", last_name="Janssens", email="koen@antwerpen.example", organisation=antwerpen
    )
    Person.objects.create(
        first_name="Weg", last_name="Gewist", organisation=antwerpen, erased_at=timezone.now()
    )
    member = client_for(cast["member"])
    body = member.get("/netwerk/contacten/export.csv", {"organisatie": "antwerpen"}).content.decode(
        "utf-8-sig"
    )
    assert "koen@antwerpen.example" in body and "lotte@gent.example" not in body and "Gewist" not in body
