"""Offset pagination for the API's lists, with bounds the schema states.

django-ninja's own `LimitOffsetPagination` takes any integer, so an `offset` or `limit` past what the
database takes (2^63) reached the query and answered 500. Here both are bounded: a number outside
the bounds is a 422 that says which bound.
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 100
# Far past the end of any list here, and small enough that `offset + limit` is an integer every
# database takes.
MAX_OFFSET = 2**31 - 1


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            ninja_settings.PAGINATION_PER_PAGE, ge=1, le=MAX_LIMIT, description="How many to return."
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many to skip.")

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
