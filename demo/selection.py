"""Demo selection content for `load_demo`: the expert pool (reviewer_1 … reviewer_9 with their
profiles) and the review panels of the closed demo challenges, each at its own stage, reached
through the selection services as a publisher and experts would (idempotent: a challenge that
already has a panel is left as it is).

- JB-2026-309 is at expert scoring: reviewer_2 chairs, some sheets are in, reviewer_1 still has
  both bids to score;
- JB-2026-310 is at consensus: every sheet is in, reviewer_1 chairs and records the consensus;
- JB-2026-311 is at the result notice (公示): the winner is proposed, the notice runs, and the
  not-selected bidder's objection is answered (not upheld);
- JB-2026-312, a horse race (赛马制) with two winners, is final: the bounty is split between the
  two winners, the third bid is not selected, the notice's period has ended.

The only thing written by hand is the final notice's deadline, moved into the past as time
passing would move it; notices_finalise (the Celery beat task's service) then makes it final.
"""

import json
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cms.models import ChallengePage, Domain
from scenarios.models import Bid
from scenarios.selectors import members_of
from selection import services
from selection.models import Expert, Panel, PanelMember, ResultNotice
from selection.selectors import bids_before_panel
from selection.services import decisions

from .bidding import (
    CLOSED_CHALLENGE,
    FINAL_CHALLENGE,
    NOTICE_CHALLENGE,
    PUBLISHER,
    SECOND_CLOSED_CHALLENGE,
)
from .builder import CONTENT_FILE

# Which share of each criterion's maximum an expert gives, per bid in submission order: the
# figures differ from expert to expert so the consensus page has a spread (and an outlier) to show.
SHARES = {
    "reviewer_1": (Decimal("0.80"), Decimal("0.70")),
    "reviewer_2": (Decimal("0.85"), Decimal("0.65")),
    "reviewer_3": (Decimal("0.75"), Decimal("0.72")),
    "reviewer_4": (Decimal("0.90"), Decimal("0.55")),
    "reviewer_5": (Decimal("0.82"), Decimal("0.88")),
    "reviewer_6": (Decimal("0.60"), Decimal("0.84")),
}
COMMENTS = (
    "技术路线清晰，关键指标有实验数据支撑。",
    "团队具备相关工程经验，分工合理。",
    "进度安排基本可行，建议细化中试验证计划。",
    "经费测算依据较充分。",
    "成果转化路径明确，建议补充用户单位意向。",
)
LOW_COMMENT = "论证不足：关键指标缺少第三方测试数据，风险应对措施不具体。"

# The demo panels, one per closed challenge of the demo publisher. `submitted`: whose sheets
# are submitted (all bids); `drafts`: who has saved the first bid's sheet without submitting.
STAGES = [
    {
        "ref": CLOSED_CHALLENGE,
        "stage": Panel.Stage.SCORING,
        "chair": "reviewer_2",
        "members": ["reviewer_1", "reviewer_3", "reviewer_4"],
        "submitted": ["reviewer_2", "reviewer_3"],
        "drafts": ["reviewer_4"],
    },
    {
        "ref": SECOND_CLOSED_CHALLENGE,
        "stage": Panel.Stage.CONSENSUS,
        "chair": "reviewer_1",
        "members": ["reviewer_5", "reviewer_6"],
        "submitted": ["reviewer_1", "reviewer_5", "reviewer_6"],
        "drafts": [],
    },
    {
        "ref": NOTICE_CHALLENGE,
        "stage": Panel.Stage.NOTICE,
        "chair": "reviewer_3",
        "members": ["reviewer_2", "reviewer_4"],
        "submitted": ["reviewer_3", "reviewer_2", "reviewer_4"],
        "drafts": [],
    },
    {
        "ref": FINAL_CHALLENGE,
        "stage": Panel.Stage.FINAL,
        "chair": "reviewer_1",
        "members": ["reviewer_5", "reviewer_6"],
        "submitted": ["reviewer_1", "reviewer_5", "reviewer_6"],
        "drafts": [],
    },
]
OBJECTION = (
    "我单位方案的在线测量数据来自企业现场试验，专家评分对现场验证方案一项的评价与材料不符，"
    "请复核该项评分并说明拟揭榜单位在现场验证方面的依据。"
)
OBJECTION_ANSWER = (
    "经复核，评审专家组已逐项审阅贵单位提交的现场试验数据，评分依据与评审意见一致，"
    "评审程序符合榜单规定。异议不成立，维持原评审结果。"
)


def _experts(counts):
    specs = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))["experts"]
    users = get_user_model().objects
    experts = {}
    for spec in specs:
        user = users.get(username=spec["username"])
        expert, created = Expert.objects.get_or_create(
            user=user,
            defaults={
                "name": spec["name"],
                "affiliation": spec["affiliation"],
                "title": spec["title"],
                "keywords": spec["keywords"],
                "email": user.email,
            },
        )
        if created:
            expert.domains.set(Domain.objects.filter(slug__in=spec["domains"]))
        experts[spec["username"]] = expert
        counts["experts"]["created" if created else "existing"] += 1
    return experts


def _entries(panel, username, bid_index):
    share = SHARES[username][bid_index % 2]
    entries = {}
    for index, criterion in enumerate(panel.criteria.all()):
        score = (criterion.max_score * share).quantize(Decimal("0.5"))
        low = score < panel.comment_below_share * criterion.max_score
        entries[criterion.pk] = {
            "score": score,
            "comment": LOW_COMMENT if low else COMMENTS[index % len(COMMENTS)],
        }
    return entries


def _panel_to_stage(spec, experts, publisher):
    """Form the panel of one closed challenge and bring it to the spec's stage through the
    services; returns the panel, or None when the challenge already has one (or is missing)."""
    challenge = ChallengePage.objects.live().filter(ref=spec["ref"]).first()
    if challenge is None or Panel.objects.filter(opportunity=challenge).exists():
        return None
    panel = services.panel_create(challenge, publisher)
    seats = [(spec["chair"], PanelMember.Role.CHAIR)] + [
        (username, PanelMember.Role.MEMBER) for username in spec["members"]
    ]
    for username, role in seats:
        member = services.member_invite(panel, experts[username], publisher, role=role)
        services.invitation_respond(member, experts[username].user, accept=True)
    panel = services.panel_advance(panel, publisher, Panel.Stage.ELIGIBILITY)
    for bid in bids_before_panel(panel):
        services.eligibility_mark(bid, publisher, eligible=True)
    for member in panel.members.select_related("expert__user"):
        services.declaration_sign(member, member.expert.user)
    panel = services.panel_advance(panel, publisher, Panel.Stage.SCORING)
    bids = list(bids_before_panel(panel))
    for username in spec["submitted"]:
        for index, bid in enumerate(bids):
            services.sheet_save(
                bid,
                experts[username].user,
                _entries(panel, username, index),
                comment="综合评价：方案可行，建议按评分意见完善。",
                submit=True,
            )
    for username in spec["drafts"]:
        services.sheet_save(bids[0], experts[username].user, _entries(panel, username, 0))
    if spec["stage"] != Panel.Stage.SCORING:
        panel = services.panel_advance(panel, publisher, Panel.Stage.CONSENSUS)
    if spec["stage"] in (Panel.Stage.NOTICE, Panel.Stage.FINAL):
        panel = _decide_and_publish(panel, experts[spec["chair"]].user, publisher)
    if spec["stage"] == Panel.Stage.FINAL:
        panel = _finalise(panel)
    return panel


def _decide_and_publish(panel, chair, publisher):
    """The chair records the consensus of every bid (the suggested aggregates), the publisher
    shortlists the ranked bids, selects the winners (the bounty split evenly) and publishes the
    result notice; a not-selected bidder objects and the publisher answers (not upheld)."""
    seat = panel.members.get(expert__user=chair)
    for row in services.consensus_figures(seat):
        agreed = {pk: value.quantize(Decimal("0.01")) for pk, value in row.suggested.items()}
        services.consensus_record(
            row.bid,
            chair,
            criteria=agreed,
            comment="专家组合议：方案总体可行，按评分意见完善后实施。",
        )
    panel = services.panel_advance(panel, publisher, Panel.Stage.DECISION)
    ranked = [row for row in services.panel_ranking(panel) if row.passed]
    services.decision_shortlist(panel, [row.bid for row in ranked], publisher)
    count = decisions.winners_wanted(panel, len(ranked))
    amounts = decisions.default_amounts(panel, count)
    services.decision_select(
        panel, publisher, [(row.bid, amount) for row, amount in zip(ranked, amounts, strict=False)]
    )
    notice = services.notice_publish(panel, publisher)
    loser = bids_before_panel(panel).filter(status=Bid.Status.NOT_SELECTED).first()
    if loser is not None:
        objector = members_of(loser.company)[0]
        objection = services.objection_file(notice, objector, OBJECTION)
        services.objection_answer(objection, publisher, False, OBJECTION_ANSWER)
    return Panel.objects.get(pk=panel.pk)


def _finalise(panel):
    """The notice's period ends: its deadline moves into the past, as time passing would, and
    notices_finalise (what Celery beat runs) makes the result final."""
    notice = ResultNotice.objects.get(panel=panel, status=ResultNotice.Status.RUNNING)
    ResultNotice.objects.filter(pk=notice.pk).update(
        objection_deadline=timezone.now() - timedelta(days=1)
    )
    services.notices_finalise()
    return Panel.objects.get(pk=panel.pk)


@transaction.atomic
def load_demo_selection():
    """Create what is missing; returns {what: {"created": n, "existing": m}}."""
    counts = {
        "experts": {"created": 0, "existing": 0},
        "review panels": {"created": 0, "existing": 0},
    }
    experts = _experts(counts)
    publisher = get_user_model().objects.get(username=PUBLISHER[0])
    for spec in STAGES:
        panel = _panel_to_stage(spec, experts, publisher)
        counts["review panels"]["created" if panel else "existing"] += 1
    return counts
