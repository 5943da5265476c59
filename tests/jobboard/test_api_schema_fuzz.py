"""Schemathesis reads /api/schema/ and throws generated requests at every operation.

Each response must not be a server error and must match the schema: status code, content
type, headers and body. The app is called through WSGI in this process, inside the test's
transaction, so no server is needed. Examples per operation are bounded to keep CI short.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from jobboard.wsgi import application

# Building the schema needs no database, so it can be read while the tests are collected;
# each operation then becomes a test of its own.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


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


@pytest.fixture
def some_postings(wsgi_in_test_transaction, make_posting, ml_engineer, austin):
    # A few rows so that list pages have results.
    for remote in ("remote", "hybrid", "onsite"):
        make_posting(role=ml_engineer, hub=austin, remote=remote)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    # The rows are made once per operation on purpose: every operation here only reads.
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)
def test_every_operation_answers_within_its_schema(case, some_postings):
    # Left out: "a schema-valid request is accepted". A role or city slug that fits the
    # schema's pattern but names no role or city is answered 400 on purpose (the board
    # never ignores a filter), and the schema cannot list slugs that live in the database.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
