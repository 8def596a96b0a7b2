"""Fixtures of the selection tests: an expert pool, a challenge with two submitted bids, and its
panel at each stage, reached through the services as a publisher and experts would."""

import pytest
from django.contrib.auth import get_user_model

from cms.models import RubricCriterion
from scenarios import services as bid_services
from scenarios.validators import make_uscc
from selection import services
from selection.models import Expert, Panel, PanelMember
from tests.scenarios import conftest as bidding
from tests.scenarios.conftest import close, complete_bid, make_company

# The bidding tests' fixtures, shared: the publisher, its list and challenge, two organisations.
_private_media_in_tmp = bidding._private_media_in_tmp
admin = bidding.admin
challenge = bidding.challenge
company_a = bidding.company_a
company_b = bidding.company_b
list_page = bidding.list_page
messages_in_english = bidding.messages_in_english
publisher = bidding.publisher
publisher_org = bidding.publisher_org

EXPERTS = [
    # username, name, affiliation, keywords
    ("reviewer_1", "王建华", "南京理工大学", "机器视觉、缺陷检测"),
    ("reviewer_2", "李敏", "江苏省产业技术研究院", "深度学习、小样本学习"),
    ("reviewer_3", "陈立", "东南大学", "工业互联网、边缘计算"),
    ("reviewer_4", "赵晓东", "中国科学院苏州纳米所", "传感器、光学成像"),
]


def make_expert(username, name, affiliation, keywords="", uscc=""):
    user = get_user_model().objects.create_user(username, f"{username}@example.cn", "x")
    return Expert.objects.create(
        user=user, name=name, affiliation=affiliation, keywords=keywords, affiliation_uscc=uscc
    )


@pytest.fixture
def experts(db):
    return [make_expert(*row) for row in EXPERTS]


@pytest.fixture
def rubric(challenge):
    for order, (name, weight) in enumerate([("技术方案", 50), ("团队能力", 30), ("实施计划", 20)]):
        RubricCriterion.objects.create(
            page=challenge, criterion=name, weight=weight, sort_order=order
        )
    return challenge


@pytest.fixture
def bids(rubric, company_a, company_b):
    """Two submitted bids on the challenge (its deadline still ahead)."""
    submitted = []
    for company, user in (company_a, company_b):
        bid = bid_services.bid_create(company, rubric, user, fields={"summary": "方案"})
        complete_bid(bid, user, team="张三（负责人）、李四")
        submitted.append(bid_services.bid_submit(bid, user))
    return submitted


@pytest.fixture
def panel(rubric, publisher, experts):
    """A panel formed before the deadline: reviewer_1 chairs, reviewer_2 and _3 are members, all
    accepted; reviewer_4 stays in the pool."""
    panel = services.panel_create(rubric, publisher)
    for index, expert in enumerate(experts[:3]):
        role = PanelMember.Role.CHAIR if index == 0 else PanelMember.Role.MEMBER
        member = services.member_invite(panel, expert, publisher, role=role)
        services.invitation_respond(member, expert.user, accept=True)
    return panel


@pytest.fixture
def closed_panel(panel, bids, publisher):
    """The deadline has passed; the panel is at the eligibility check."""
    close(panel.opportunity)
    return services.panel_advance(panel, publisher, Panel.Stage.ELIGIBILITY)


@pytest.fixture
def scoring_panel(closed_panel, bids, publisher, experts):
    """Both bids eligible, every member declared, scoring open."""
    for bid in bids:
        services.eligibility_mark(bid, publisher, eligible=True)
    for member in closed_panel.members.all():
        services.declaration_sign(member, member.expert.user)
    return services.panel_advance(closed_panel, publisher, Panel.Stage.SCORING)


def full_scores(panel, fraction=0.8, comment="理由充分"):
    """Entries giving every criterion this fraction of its maximum."""
    return {
        criterion.pk: {"score": round(criterion.max_score * fraction, 2), "comment": comment}
        for criterion in panel.criteria.all()
    }


__all__ = ["full_scores", "make_company", "make_expert", "make_uscc"]
