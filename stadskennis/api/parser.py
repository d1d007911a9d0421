"""How the API reads a request body: JSON as django-ninja does, run only for an endpoint that takes
a body, after its key is checked. Two rules of ours on top:

- A form post (urlencoded or multipart) is read as an empty body, as before endpoints took one: a
  client that posts `curl -d …` to register keeps registering.
- A NUL character anywhere in the JSON is refused with the field it is in: PostgreSQL can neither
  store nor compare it (api.py turns it into a 400 that names the field).
"""

from __future__ import annotations

from ninja.parser import Parser

from stadskennis.core.middleware import nul_at

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class NulInBody(ValueError):
    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


class BodyParser(Parser):
    def parse_body(self, request):
        if request.content_type in FORM_TYPES:
            return {}
        data = super().parse_body(request)
        field = nul_at(data)
        if field is not None:
            raise NulInBody(field)
        return data
