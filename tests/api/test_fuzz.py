"""Schemathesis over /api/v1/openapi.json, three callers: anonymous, a verified organisation with a
bearer token, and an editor (an account of no organisation) with a bearer token; the review
operations have a fourth, an expert of a panel at scoring. Every answer must
be no server error, and its status and body as the OpenAPI document describes them.

The requests go to Django's WSGI handler in the test's own thread, so they run inside the test's
transaction on PostgreSQL: they see its rows (a published challenge with targets, an open
scenario, a draft bid of the organisation and one of another organisation) without committing
them, and each request runs in a savepoint that is rolled back afterwards, so every example meets
the same state and a seeded run sends the same requests each time (up to the rows' ids). A live
server would need committed rows, a flush of every table afterwards, and requests that change
what the next one sees. What the fuzzer cannot invent, real identifiers, is mixed into its data
by hooks.

Each generated case is sent as all three callers: one pytest item per operation, its rows built
once for the three. (schemathesis' `from_fixture`, which would take the rows from a fixture, does
not run under pytest 9.2: it sets `Function._nodeid`, which pytest 9 no longer has.)

`-s` prints one line per caller: operations, requests sent, failures, and the answers' statuses.
"""

import json
import logging
import os
from collections import Counter

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.core.serializers.json import DjangoJSONEncoder
from django.db import close_old_connections, transaction
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from config.api import api
from scenarios import services
from scenarios.models import Bid, PublisherMembership
from search import text
from search.backends import reset_backends
from search.indexing import rebuild_index
from selection import services as selection
from selection.models import Panel, PanelMember
from tests.factories import (
    OpportunityListPageFactory,
    OrganizationFactory,
    ScenarioPageFactory,
    days_from_now,
)
from tests.scenarios.conftest import _challenge, close, complete_bid, make_company, minimal_pdf
from tests.search.conftest import make_backend
from tests.selection.conftest import make_expert

pytestmark = pytest.mark.postgres

CALLERS = ("anonymous", "organisation", "editor")
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
# Examples per operation in the fuzzing phase; the coverage phase adds its boundary and
# type-confusion cases on top. 82 s for 3 x 723 requests on the two shared cores (load 4.5); a longer hunt:
# FUZZ_MAX_EXAMPLES=300 FUZZ_SEED=<any> pytest tests/api/test_fuzz.py -s
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", 40))
SEED = int(os.environ.get("FUZZ_SEED", 20260409))
PDF = minimal_pdf()


CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "suppress-health-check": ["all"],
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
        },
        "phases": {"stateful": {"enabled": False}},
    }
)


@pytest.fixture(autouse=True)
def _private_media_in_tmp(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def in_test_transaction():
    """Requests share the test's connection: Django must not close it around each request (its
    own test client does the same). Refusals (4xx) are not logged, server errors still are."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security.csrf")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(postgres, home_page, in_test_transaction):
    """A published challenge with targets and an open scenario; a verified organisation with a
    complete draft bid, another organisation's draft, an editor; the callers' headers."""
    listing = OpportunityListPageFactory(parent=home_page, publisher=OrganizationFactory())
    challenge = _challenge(listing, days_from_now(20), "工业视觉小样本缺陷检测通用模型")
    scenario = ScenarioPageFactory(parent=listing, title="港口集装箱5G远程控制场景", ref="CJ-1")
    company, owner = make_company("连云港云眸智能视觉科技有限公司", "fuzz_company")
    bid = services.bid_create(company, challenge, owner, fields={"summary": "草稿"})
    complete_bid(bid, owner)
    other, other_owner = make_company("江苏海洋大学智能感知研究团队", "fuzz_other")
    other_bid = services.bid_create(other, challenge, other_owner, fields={"summary": "B"})
    editor = get_user_model().objects.create_user("fuzz_editor", "editor@example.cn", "x")
    editor.groups.add(Group.objects.get(name="Editors"))
    tokens = {
        "organisation": services.token_create(owner, name="fuzz")[1],
        "editor": services.token_create(editor, name="fuzz")[1],
    }
    REAL.update(
        opportunities=[challenge.pk, scenario.pk],
        bids=[bid.pk, other_bid.pk],
        target_responses=list(bid.target_responses.values_list("pk", flat=True)),
    )
    yield {
        "pages": [challenge, scenario],
        "headers": {
            caller: {"Authorization": f"Bearer {tokens[caller]}"} if caller in tokens else {}
            for caller in CALLERS
        },
    }
    REAL.clear()


@pytest.fixture
def search_world(world, request, settings, tmp_path):
    """The world's opportunities in a search index of the test's own (Elasticsearch when the
    suite has it, as in production)."""
    engine = "elasticsearch" if os.environ.get("ELASTICSEARCH_URL") else "embedded"
    backend = make_backend(engine, request, settings, tmp_path)
    for page in world["pages"]:
        page.save_revision().publish()
    text.reset_tokenizer()
    rebuild_index(backend)
    backend.refresh()
    yield world
    backend.clear()
    reset_backends()


class Tally:
    """What one caller's run sent and what failed."""

    def __init__(self, caller):
        self.caller = caller
        self.operations = set()
        self.requests = 0
        self.statuses = Counter()
        self.failures = set()

    def line(self):
        statuses = ", ".join(f"{code}: {n}" for code, n in sorted(self.statuses.items()))
        return (
            f"schemathesis {self.caller}: {len(self.operations)} operations, "
            f"{self.requests} requests, {len(self.failures)} failures (answers {statuses})"
        )


TALLIES = {name: Tally(name) for name in (*CALLERS, "expert")}


@pytest.fixture(scope="module", autouse=True)
def _print_tallies():
    yield
    for tally in TALLIES.values():
        print(f"\n{tally.line()}", end="")
        for failure in sorted(tally.failures):
            print(f"\n  {failure}", end="")
    print()


def _either(value, patched):
    """The generated value, or the same value with real identifiers patched in."""
    return st.one_of(st.just(value), patched)


def _with_target_response(body, pk):
    rows = [{**row, "id": pk} if isinstance(row, dict) else row for row in body["target_responses"]]
    return {**body, "target_responses": rows}


# Real identifiers of the current test's rows, read by the hooks below while it runs.
REAL = {}

# The document /api/v1/openapi.json serves (test_the_fuzzed_document_is_the_served_one), built
# here because collection may not touch the database that every request does.
schema = schemathesis.openapi.from_dict(
    # As the API serves it: Django's encoder turns the translated (lazy) title into text.
    json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder)),
    config=CONFIG,
)
schema.app = WSGIHandler()


@schema.hook("flatmap_path_parameters")
def real_bids(context, parameters):
    if parameters and "member_id" in parameters and REAL.get("members"):
        members = st.sampled_from(REAL["members"])
        return _either(parameters, members.map(lambda pk: {**parameters, "member_id": pk}))
    if not parameters or "bid_id" not in parameters:
        return st.just(parameters)
    return _either(
        parameters, st.sampled_from(REAL["bids"]).map(lambda pk: {**parameters, "bid_id": pk})
    )


@schema.hook("flatmap_body")
def real_bodies(context, body):
    operation = f"{context.operation.method.upper()} {context.operation.path}"
    if not isinstance(body, dict):
        return st.just(body)
    if operation == "POST /api/v1/bids":
        ids = st.sampled_from(REAL["opportunities"])
        return _either(body, ids.map(lambda pk: {**body, "opportunity": pk}))
    if operation == "PATCH /api/v1/bids/{bid_id}" and isinstance(
        body.get("target_responses"), list
    ):
        ids = st.sampled_from(REAL["target_responses"])
        return _either(body, ids.map(lambda pk: _with_target_response(body, pk)))
    if operation.endswith("/attachments"):
        return _either(body, st.just({**body, "file": PDF}))
    return st.just(body)


def _call_and_check(case, headers):
    """Send the case as each caller (each request rolled back) and check every answer."""
    failures = []
    for caller in headers:
        tally = TALLIES[caller]
        tally.operations.add(case.operation.label)
        tally.requests += 1
        with transaction.atomic():
            response = case.call(headers=headers[caller])
            transaction.set_rollback(True)
        tally.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except (AssertionError, BaseExceptionGroup) as error:
            for failure in getattr(error, "exceptions", [error]):
                title = getattr(failure, "title", type(failure).__name__)
                tally.failures.add(f"{case.operation.label}: {title} ({response.status_code})")
            failures.append(error)
    if failures:
        raise failures[0]


@schema.include(tag="bids").parametrize()
def test_the_bids_api_answers_as_documented(case, world):
    _call_and_check(case, world["headers"])


@pytest.mark.elasticsearch
@schema.include(tag="search").parametrize()
def test_the_search_api_answers_as_documented(case, search_world):
    _call_and_check(case, search_world["headers"])


def test_the_fuzzed_document_is_the_served_one(client, db):
    assert client.get("/api/v1/openapi.json").json() == json.loads(
        json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder)
    )


@pytest.fixture
def review_world(world):
    """The world's challenge closed with its complete bid before a panel at expert scoring; the
    fourth caller is an expert of that panel with a bearer token."""
    challenge = world["pages"][0]
    bid = Bid.objects.get(opportunity=challenge, company__name__startswith="连云港")
    services.bid_submit(bid, bid.created_by)
    publisher = get_user_model().objects.create_user("fuzz_publisher", "p@example.cn", "x")
    PublisherMembership.objects.create(
        user=publisher, organization=challenge.get_parent().specific.publisher
    )
    panel = selection.panel_create(challenge, publisher)
    members = []
    for index in range(3):
        expert = make_expert(f"fuzz_expert_{index}", f"专家{index}", "某大学")
        role = PanelMember.Role.CHAIR if index == 0 else PanelMember.Role.MEMBER
        members.append(selection.member_invite(panel, expert, publisher, role=role))
        selection.invitation_respond(members[-1], expert.user, accept=True)
    close(challenge)
    selection.panel_advance(panel, publisher, Panel.Stage.ELIGIBILITY)
    selection.eligibility_mark(bid, publisher, eligible=True)
    for member in members[1:]:
        selection.declaration_sign(member, member.expert.user)
    selection.panel_advance(panel, publisher, Panel.Stage.SCORING)
    token = services.token_create(members[1].expert.user, name="fuzz")[1]
    REAL.update(members=[member.pk for member in members])
    return {"headers": {**world["headers"], "expert": {"Authorization": f"Bearer {token}"}}}


@schema.include(tag="review").parametrize()
def test_the_review_api_answers_as_documented(case, review_world):
    _call_and_check(case, review_world["headers"])
