"""Schemathesis drives every API operation from the OpenAPI schema, in process."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from qms_site.openapi.schema import build_schema
from qms_site.wsgi import application

pytestmark = pytest.mark.django_db
# Enough to meet each parameter's edge cases on every run; scripts/fuzz.py runs more.
EXAMPLES = int(os.environ.get("QMS_FUZZ_EXAMPLES", 25))
# What a client notices: no 500, statuses, content types and bodies as documented.
# Left out: whether the schema's constraints equal the views' (it documents a
# looser contract, e.g. an empty q) and answers to methods it does not list.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# The schema /api/schema/ serves, built without a request; calls go to the WSGI app.
schema = schemathesis.openapi.from_dict(build_schema())
schema.app = application


@pytest.fixture(autouse=True)
def connection_kept_open():
    """The test's transaction lives on one connection; the WSGI app must not close it."""
    # Django's test client does the same; schemathesis calls the bare application.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_conforms_to_its_schema(case, search_index):
    case.call_and_validate(checks=CHECKS)
