"""Who is calling: a bearer token (for writes and reads) or the browser session (reads)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from stadskennis.accounts.models import ApiToken
from stadskennis.accounts.services import api_token_used


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        api_token = ApiToken.find(token)
        if api_token is None:
            return None
        api_token_used(token=api_token)
        return api_token.user


token_auth = TokenAuth()


def reader(request):
    """The user a read is answered for: a valid token's user, else the session's, else anonymous.

    A token that is given but wrong is refused rather than silently read as anonymous.
    """
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, key = header.partition(" ")
        user = token_auth.authenticate(request, key.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            raise AuthenticationError()
        return user
    return request.user if request.user.is_authenticated else AnonymousUser()
