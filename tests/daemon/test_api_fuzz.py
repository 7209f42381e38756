"""Property-based API checks with schemathesis: the memory, sleep, model and health
routes answer every generated request (valid or not) with a documented status, a body
matching the OpenAPI schema and no server error.

POST routes are left out: a valid chat or sleep request would generate text or train,
and whether a rollback is possible depends on state, not on the request; the explicit
tests in test_api.py and test_api_sleep.py cover them. (GET /sleep/rollback is routed to
GET /sleep/{cycle_id} and answers 422, which the schema cannot express.)

    .venv/bin/python -m pytest tests/daemon/test_api_fuzz.py -q
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from daemon.app import create_app
from daemon.settings import Settings

pytestmark = pytest.mark.integration

# create_app only builds the routes (nothing loads), so the schema is known at import.
schema = schemathesis.openapi.from_dict(
    create_app(Settings(data_dir="/nonexistent/sleepllm", sleep_time="03:00")).openapi())


@pytest.fixture(scope="module")
def fuzzed(start_daemon: Any) -> Any:
    """A daemon of its own: generated DELETEs must not touch other tests' memories."""
    live = start_daemon(nightly_sleep=False)
    conv = live.store.ensure_conversation("fuzz")
    said = live.store.add_message(conv, "user", "I keep bees.")
    for n in range(3):
        live.store.add_fact(f"Fact {n} about bees.", f"bees.{n}", [said.id])
    cycle = live.store.start_cycle("test")
    live.store.finish_cycle(cycle.id, "no_messages")
    return live


@schema.exclude(method="POST").parametrize()
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_routes_conform_to_their_schema(case: Any, fuzzed: Any) -> None:
    case.call_and_validate(base_url=fuzzed.url)
