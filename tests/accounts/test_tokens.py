"""API tokens: made on the employer's request, shown once, replaced or revoked."""

import pytest
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_a_token_is_created_shown_once_and_revoked(client, owner):
    client.force_login(owner)
    assert client.get("/accounts/token/").status_code == 405  # never on GET
    response = client.post("/accounts/token/")
    token = Token.objects.get(user=owner)
    assert token.key in response.content.decode()
    assert token.key not in client.get("/employer/").content.decode()

    replaced = client.post("/accounts/token/")
    new = Token.objects.get(user=owner)
    assert new.key != token.key and new.key in replaced.content.decode()

    client.post("/accounts/token/revoke/")
    assert not Token.objects.filter(user=owner).exists()
