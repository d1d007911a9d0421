"""Contact import, the bad-input edge: damaged files, odd spreadsheets, all rows or none, the notice.

The main path (Excel CSV, XLSX, matching, row errors, exports) is in test_contact_io.py.
"""

from __future__ import annotations

import io
import os
import re
import time
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from stadskennis.core.tests.factories import OrganisationFactory
from stadskennis.network import contact_io
from stadskennis.network.models import Person
from stadskennis.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = "/netwerk/contacten/importeren/"
CONFIRM_URL = "/netwerk/contacten/importeren/bevestigen/"
HEADER = "voornaam;achternaam;e-mail;organisatie\r\n"


@pytest.fixture
def sint_niklaas(gent):
    return OrganisationFactory(
        slug="sint-niklaas", name="Stad Sint-Niklaas", short_name="Sint-Niklaas", nis_code="46021"
    )


def _upload(client, name, data):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data)})


def _token(html):
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def _stored_imports():
    try:
        return default_storage.listdir("imports/contacts")[1]
    except FileNotFoundError:
        return []


def _zip(members: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        _zip({"[Content_Types].xml": "<<< geen xml"}),
        _zip({"readme.txt": "een zip, geen werkboek"}),
    ],
)
def test_a_zip_that_is_no_workbook_gets_a_message_not_an_error(sint_niklaas, cast, client_for, data):
    response = _upload(client_for(cast["editor"]), "lijst.xlsx", data)
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert Person.objects.count() == 0 and _stored_imports() == []


def test_an_address_too_long_to_store_is_a_row_error_in_the_preview(sint_niklaas, cast, client_for):
    long_address = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".example"  # valid form, 264 characters
    data = (HEADER + f"An;Peeters;{long_address};Sint-Niklaas\r\n").encode()
    html = _upload(client_for(cast["editor"]), "lijst.csv", data).content.decode()
    assert "Bevestig de import" not in html
    assert re.search(r"<th scope=\"row\">2</th>.*?e-mail</strong>", html, re.S)
    assert Person.objects.count() == 0


def test_line_numbers_are_the_spreadsheet_rows_even_with_blank_rows(sint_niklaas, cast, client_for):
    data = (
        HEADER + "An;Peeters;an@sint-niklaas.example;Sint-Niklaas\r\n;;;\r\n\r\n"
        "Bert;Claes;geen-adres;Sint-Niklaas\r\n"
    ).encode()
    html = _upload(client_for(cast["editor"]), "lijst.csv", data).content.decode()
    error_row = re.search(r'<tr class="row-error">\s*<th scope="row">(\d+)</th>', html)
    assert error_row.group(1) == "5"


def test_excel_separator_line_is_understood(sint_niklaas, cast, client_for):
    data = b"sep=,\r\nvoornaam,achternaam,e-mail,organisatie\r\nAn,Peeters,an@sint-niklaas.example,46021\r\n"
    editor = client_for(cast["editor"])
    html = _upload(editor, "lijst.csv", data).content.decode()
    editor.post(CONFIRM_URL, {"token": _token(html)})
    assert Person.objects.get(email="an@sint-niklaas.example").organisation == sint_niklaas


@pytest.mark.parametrize(
    ("name", "data"),
    [
        # Excel's "Unicode text" (UTF-16 with tabs), as a .txt file
        ("lijst.txt", "Voornaam\tAchternaam\tE-mail\tOrganisatie\r\nZoë\tDe Wit\tzoe@gent.example\tgent\r\n"
         .encode("utf-16")),
        # line endings of an old Mac export
        ("lijst.csv", "Voornaam;Achternaam;E-mail;Organisatie\rZoë;De Wit;zoe@gent.example;gent\r".encode()),
    ],
)  # fmt: skip
def test_other_spreadsheet_exports_are_read(sint_niklaas, gent, cast, client_for, name, data):
    editor = client_for(cast["editor"])
    html = _upload(editor, name, data).content.decode()
    editor.post(CONFIRM_URL, {"token": _token(html)})
    assert Person.objects.get(email="zoe@gent.example").first_name == "Zoë"


def test_a_nul_character_anywhere_makes_it_no_text_file(sint_niklaas, cast, client_for):
    data = (
        HEADER + "An;Peeters;an@sint-niklaas.example;Sint-Niklaas\r\n" * 200
    ).encode() + b"B\x00b;C;c@x.be;gent"
    html = _upload(client_for(cast["editor"]), "lijst.csv", data).content.decode()
    assert "error-summary" in html and "<table" not in html
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [
        HEADER.encode(),  # column names and no people
        b"voornaam;achternaam;e-mail;mail;organisatie\r\nAn;Peeters;a@gent.example;b@gent.example;gent\r\n",
    ],
)
def test_a_file_without_rows_or_with_a_column_twice_is_one_clear_error(sint_niklaas, cast, client_for, data):
    response = _upload(client_for(cast["editor"]), "lijst.csv", data)
    html = response.content.decode()
    assert response.status_code == 200 and "error-summary" in html
    assert "Bevestig de import" not in html and "<table" not in html
    assert _stored_imports() == []


def test_a_file_over_the_upload_limit_is_refused_before_reading(sint_niklaas, cast, client_for, settings):
    settings.MAX_UPLOAD_SIZE = 100
    data = (HEADER + "An;Peeters;an@sint-niklaas.example;Sint-Niklaas\r\n" * 5).encode()
    html = _upload(client_for(cast["editor"]), "lijst.csv", data).content.decode()
    assert "error-summary" in html and "<table" not in html
    assert _stored_imports() == []


def test_a_member_cannot_confirm_an_editors_preview(sint_niklaas, cast, client_for):
    data = (HEADER + "An;Peeters;an@sint-niklaas.example;Sint-Niklaas\r\n").encode()
    token = _token(_upload(client_for(cast["editor"]), "lijst.csv", data).content.decode())
    assert client_for(cast["member"]).post(CONFIRM_URL, {"token": token}).status_code == 403
    assert client_for(None).post(CONFIRM_URL, {"token": token}).status_code == 302
    assert client_for(cast["editor"]).get(CONFIRM_URL).status_code == 405
    assert Person.objects.count() == 0


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_confirmed_import_informs_new_people_only_and_removes_the_file(
    sint_niklaas, gent, cast, client_for, mailbox
):
    PersonFactory(first_name="Griet", last_name="Van Damme", email="griet@gent.example", organisation=gent)
    data = (
        HEADER + "An;Peeters;an@sint-niklaas.example;Sint-Niklaas\r\n"
        "Griet;Van Damme-Claes;griet@gent.example;Gent\r\n"
    ).encode()
    editor = client_for(cast["editor"])
    html = _upload(editor, "lijst.csv", data).content.decode()
    assert len(_stored_imports()) == 1
    response = editor.post(CONFIRM_URL, {"token": _token(html)}, follow=True)
    assert "1 toegevoegd, 1 bijgewerkt" in response.content.decode()
    assert _stored_imports() == []
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert [m["To"] for m in mailbox] == ["an@sint-niklaas.example"]
    # The same preview cannot be confirmed twice.
    again = editor.post(CONFIRM_URL, {"token": _token(html)}, follow=True)
    assert "verlopen" in again.content.decode()
    assert Person.objects.count() == 2


def test_a_row_the_database_refuses_rolls_back_every_row_and_every_notice(sint_niklaas, cast):
    data = (
        HEADER + "An;Peeters;an@sint-niklaas.example;Sint-Niklaas\r\n"
        "Bert;Claes;bert@sint-niklaas.example;Sint-Niklaas\r\n"
    ).encode()
    result = contact_io.preview("lijst.csv", data)
    assert result.is_valid
    result.rows[1].values["first_name"] = "B" * 300  # as if the data changed after validation
    with pytest.raises(contact_io.ContactFileError, match="3"):
        contact_io.apply(result, actor=cast["editor"])
    assert Person.objects.count() == 0
    assert not DBTaskResult.objects.filter(task_path__endswith="send_added_notice").exists()


def test_previews_left_unconfirmed_are_removed_after_a_day(sint_niklaas, cast, client_for):
    stale = default_storage.save("imports/contacts/oud.csv", ContentFile(b"voornaam\r\n"))
    day_old = time.time() - 25 * 3600
    os.utime(default_storage.path(stale), (day_old, day_old))
    data = (HEADER + "An;Peeters;an@sint-niklaas.example;Sint-Niklaas\r\n").encode()
    _upload(client_for(cast["editor"]), "lijst.csv", data)
    assert "oud.csv" not in _stored_imports() and len(_stored_imports()) == 1
