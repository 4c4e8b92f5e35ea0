"""Property-based fuzzing of the REST API from its own OpenAPI schema (schemathesis):
no request the schema allows, and no malformed one, may get a 5xx or a response that
breaks the schema. Bounded so CI stays fast.

One check is left out: answers can be valid one by one and still contradict each other
(two age bands both "yes"); the API refuses those with a 422 that names them, a rule a
JSON schema cannot express."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from shakewise.web import create_app

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_fails_and_keeps_its_schema(case: schemathesis.Case) -> None:
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
