"""Schemathesis reads /api/schema/ and throws generated requests at every operation.

Every check runs: no server error, the status code, content type, headers and body each as
the schema documents them, and a request the schema allows is not refused. The app is called
through WSGI in this process, inside the test's transaction, so no server is needed. The
schema is read inside the test, once the catalogue is there, because the slugs a filter
accepts are part of it. Examples per operation are bounded to keep CI short.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import positive_data_acceptance

from jobboard.wsgi import application

EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)


@pytest.fixture
def wsgi_in_test_transaction():
    # Called straight through WSGI, Django would close the database connection at the end of
    # each request, taking the test's transaction with it; its own test client avoids that
    # the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# `city` and `near` take any of the gazetteer's tens of thousands of cities, too many to list
# in the schema (which says only that they are slugs): the run draws them from real ones.
CITIES = ["berlin-de", "bengaluru-in", "sao-paulo-br", "toronto-ca", "paris-fr"]


@pytest.fixture
def api_schema(wsgi_in_test_transaction, catalogue, make_posting, acme, owner):
    # A few rows so that list pages have results, then the schema that names them.
    for remote in ("remote", "hybrid", "onsite"):
        make_posting(remote=remote, company=acme)
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

    @schema.hook
    def map_query(context, query):
        for name in ("city", "near"):
            if query and query.get(name):
                value = query[name]
                pick = CITIES[hash(str(value)) % len(CITIES)]
                query[name] = [pick] if isinstance(value, list) else pick
        return query

    return schema


@pytest.fixture
def token(owner) -> str:
    """The writes are tried as Acme's owner: with a token they reach validation, not 401."""
    return Token.objects.create(user=owner).key


def test_every_operation_answers_within_its_schema(api_schema, token):
    # Writes are checked with every check but one: a posting's rules across fields (the
    # maximum within twice the minimum, a city for on-site work, an apply route, one of the
    # token holder's companies) cannot be said in JSON Schema, so a body the schema allows
    # may still be refused, with a 400 naming the field.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15  # every operation of the API, not a few by mistake
    for operation in operations:

        @EXAMPLES
        @given(case=operation.as_strategy())
        def answers_within_its_schema(case) -> None:
            case.call_and_validate(
                headers={"Authorization": f"Token {token}"},
                excluded_checks=[] if case.method == "GET" else [positive_data_acceptance],
            )

        answers_within_its_schema()
