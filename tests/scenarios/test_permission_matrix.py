"""The permission matrix: every URL pattern of the project and every bid operation of the API,
tried as anonymous, company_a, company_b, an unassigned reviewer, the publisher, a publisher of
another organisation, an admin, and the experts of a review panel (an assigned expert, an expert
recused from the bid, the chair, an expert of another opportunity).
Nobody reads or changes what is not theirs: sealed text never appears in a refused answer, and a
refused change leaves the database as it was.

A URL pattern added to the project without a row here fails `test_every_url_pattern_is_in_the_matrix`.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from alerts.models import Follow, SavedSearch
from alerts.services import feed_path, saved_search_create, unsubscribe_path
from matching.models import Invitation
from notifications.models import Notification
from scenarios import services
from scenarios.models import (
    AuditEvent,
    Bid,
    BidAttachment,
    Clarification,
    CompanyCertificate,
    Membership,
    PublisherMembership,
)
from scenarios.uploads import check_attachment
from selection import services as selection
from selection.models import (
    Award,
    Consensus,
    CriterionScore,
    Expert,
    Objection,
    ObjectionAttachment,
    Panel,
    PanelMember,
    ResultNotice,
    ScoreSheet,
)
from tests.factories import OrganizationFactory
from tests.selection.conftest import make_expert

from .conftest import _challenge, close, complete_bid, minimal_pdf

EXPERTS = ["expert", "recused_expert", "chair", "other_expert"]
ROLES = [
    "anonymous",
    "company_a",
    "company_b",
    "reviewer",
    "publisher",
    "other_publisher",
    "admin",
    *EXPERTS,
]
DENIED = {302, 401, 403, 404, 405}
OPEN_SECRET = "SEALED-OPEN-7f3a"
CLOSED_SECRET = "SEALED-CLOSED-91c2"
SAVED_SECRET = "SAVED-SEARCH-5d1c"  # the name of company_a's saved search
# Third-party URL trees entered through one door each; the door is in the matrix.
THIRD_PARTY_PREFIXES = ("admin/", "django-admin/", "documents/", "i18n/", "^media/")
# Wagtail's page serving (every public page): the opportunity page case covers it.
WAGTAIL_PAGE_SERVING = "^((?:[\\w\\-]+/)*)$"


@pytest.fixture
def world(company_a, company_b, challenge, closed_challenge, publisher, reviewer, admin):
    (company, user_a), (other, user_b) = company_a, company_b
    open_bid = services.bid_create(company, challenge, user_a, fields={"summary": ""})
    complete_bid(open_bid, user_a, approach=OPEN_SECRET)
    services.bid_submit(open_bid, user_a)
    attachment = services.attachment_add(
        open_bid, user_a, SimpleUploadedFile("方案.pdf", minimal_pdf(), "application/pdf")
    )
    closed_bid = services.bid_create(company, closed_challenge, user_a, fields={"summary": ""})
    complete_bid(closed_bid, user_a, approach=CLOSED_SECRET)
    services.bid_submit(closed_bid, user_a)
    closed_attachment = services.attachment_add(
        closed_bid, user_a, SimpleUploadedFile("终稿.pdf", minimal_pdf(), "application/pdf")
    )
    review = review_panels(publisher, challenge, closed_challenge, closed_bid)
    draft_b = services.bid_create(other, challenge, user_b, fields={"summary": "B 的草稿"})
    complete_bid(draft_b, user_b)
    third_challenge = _challenge(challenge.get_parent(), challenge.application_deadline, "第三个榜")
    other_publisher = get_user_model().objects.create_user("other_publisher", "o@example.cn", "x")
    PublisherMembership.objects.create(
        user=other_publisher, organization=OrganizationFactory(name="大连高新区管委会")
    )
    question = services.question_ask(challenge, user_a, question="是否接受联合体？")
    member_a = services.member_add(
        company, user_a, username="a_member", email="m@example.cn", password="Xy-91-long-pass"
    )
    certificate = services.certificate_add(
        company,
        user_a,
        title="营业执照",
        upload=SimpleUploadedFile("执照.pdf", minimal_pdf(), "application/pdf"),
    )
    # A third closed challenge carries the running result notice (the closed one is at scoring).
    noticed_challenge = _challenge(
        challenge.get_parent(), challenge.application_deadline, "已公示结果的榜"
    )
    noticed_bid = services.bid_create(company, noticed_challenge, user_a, fields={"summary": ""})
    complete_bid(noticed_bid, user_a)
    services.bid_submit(noticed_bid, user_a)
    close(noticed_challenge)
    notice, objection = _result_notice(noticed_challenge, noticed_bid, publisher, user_b)
    # Another closed challenge whose panel the publisher's side forms: at its first stage, and
    # an expert of the pool (no role of the matrix) to invite.
    formed_challenge = _challenge(
        challenge.get_parent(), challenge.application_deadline, "组建专家组的榜"
    )
    formed_bid = services.bid_create(company, formed_challenge, user_a, fields={"summary": ""})
    complete_bid(formed_bid, user_a)
    services.bid_submit(formed_bid, user_a)
    close(formed_challenge)
    formed_panel = selection.panel_create(formed_challenge, publisher)
    pool_expert = Expert.objects.create(
        user=get_user_model().objects.create_user("expert_pool", "pool@example.cn", "x"),
        name="周明",
        affiliation="南京大学",
    )
    users = {
        "company_a": user_a,
        "company_b": user_b,
        "reviewer": reviewer,
        "publisher": publisher,
        "other_publisher": other_publisher,
        "admin": admin,
        **{role: member.expert.user for role, member in review["members"].items()},
    }
    saved_search = saved_search_create(user_a, f"缺陷检测 {SAVED_SECRET}", "缺陷检测")
    return {
        "users": users,
        "saved_search": saved_search,
        "company_b": other,
        "open_bid": open_bid,
        "closed_bid": closed_bid,
        "draft_b": draft_b,
        "attachment": attachment,
        "question": question,
        "member_a": member_a.membership,
        "certificate": certificate,
        "challenge": challenge,
        "list": challenge.get_parent(),
        "third_challenge": third_challenge,
        "notification": Notification.objects.filter(user=user_a).first(),
        "notice": notice,
        "objection": objection,
        "closed_attachment": closed_attachment,
        **review,
        "formed_panel": formed_panel,
        "formed_bid": formed_bid,
        "pool_expert": pool_expert,
    }


def review_panels(publisher, open_challenge, closed_challenge, closed_bid):
    """The closed challenge's panel at expert scoring: the chair, an expert and an expert recused
    from its bid, all declared; the open challenge's panel, forming, with an accepted expert (of
    another opportunity, for the closed one) and the chair's unanswered invitation."""
    members = {}
    panel = selection.panel_create(closed_challenge, publisher)
    for role in ("chair", "expert", "recused_expert"):
        expert = make_expert(f"{role}_x", f"{role}专家", "某研究院")
        seat = PanelMember.Role.CHAIR if role == "chair" else PanelMember.Role.MEMBER
        members[role] = selection.member_invite(panel, expert, publisher, role=seat)
        selection.invitation_respond(members[role], expert.user, accept=True)
    close(closed_challenge)
    selection.panel_advance(panel, publisher, Panel.Stage.ELIGIBILITY)
    selection.eligibility_mark(closed_bid, publisher, eligible=True)
    for member in members.values():
        selection.declaration_sign(member, member.expert.user)
    selection.panel_advance(panel, publisher, Panel.Stage.SCORING)
    selection.recusal_record(
        members["recused_expert"], publisher, bid=closed_bid, reason="曾为该单位提供咨询"
    )
    open_panel = selection.panel_create(open_challenge, publisher)
    other = make_expert("other_x", "他榜专家", "某大学")
    members["other_expert"] = selection.member_invite(open_panel, other, publisher)
    selection.invitation_respond(members["other_expert"], other.user, accept=True)
    invitation = selection.member_invite(open_panel, members["chair"].expert, publisher)
    return {
        "members": {role: PanelMember.objects.get(pk=m.pk) for role, m in members.items()},
        "panel": panel,
        "open_panel": open_panel,
        "invitation": invitation,
        "criteria": list(panel.criteria.all()),
    }


OBJECTION_SECRET = "OBJECTION-REASONS-5d1e"


def _result_notice(opportunity, bid, publisher, objector):
    """The closed challenge's result notice, running, with an answered objection and its
    evidence (written directly: the selection tests cover how they come about)."""
    panel = Panel.objects.create(
        opportunity=opportunity, stage=Panel.Stage.NOTICE, created_by=publisher
    )
    Award.objects.create(panel=panel, bid=bid, rank=1, decided_by=publisher)
    notice = ResultNotice.objects.create(
        panel=panel,
        text="拟揭榜单位公示",
        objection_deadline=timezone.now() + timedelta(days=7),
        published_by=publisher,
    )
    objection = Objection.objects.create(
        notice=notice,
        company=objector.membership.company,
        filed_by=objector,
        reasons=OBJECTION_SECRET,
        status=Objection.Status.REJECTED,
        answer="经复核，维持原结果。",
    )
    evidence = SimpleUploadedFile("证据.pdf", minimal_pdf(), "application/pdf")
    ObjectionAttachment(objection=objection).store(check_attachment(evidence), objector)
    return notice, objection


def snapshot():
    """What a refused change must leave untouched."""
    return {
        "bids": sorted(Bid.objects.values_list("pk", "status", "summary", "approach", "team")),
        "attachments": sorted(BidAttachment.objects.values_list("pk", "bid_id")),
        "questions": sorted(Clarification.objects.values_list("pk", "answer")),
        "users": get_user_model().objects.count(),
        "read": sorted(Notification.objects.values_list("pk", "read_at")),
        "members": sorted(Membership.objects.values_list("pk", "role", "user__is_active")),
        "certificates": sorted(CompanyCertificate.objects.values_list("pk", "company_id")),
        "break_glass": AuditEvent.objects.filter(action="bid_break_glass").count(),
        "objections": sorted(Objection.objects.values_list("pk", "status")),
        "panel_members": sorted(PanelMember.objects.values_list("pk", "status", "declared_at")),
        "sheets": sorted(ScoreSheet.objects.values_list("pk", "comment", "submitted_at")),
        "scores": sorted(CriterionScore.objects.values_list("pk", "score")),
        "consensus": sorted(Consensus.objects.values_list("pk", "agreed_score")),
        "awards": sorted(Award.objects.values_list("pk", "bid_id")),
        "saved_searches": sorted(SavedSearch.objects.values_list("pk", "frequency", "active")),
        "follows": sorted(Follow.objects.values_list("pk", flat=True)),
        "invitations": sorted(Invitation.objects.values_list("pk", flat=True)),
    }


@dataclass
class Case:
    """One operation: who may do it, and what a success looks like."""

    name: str
    method: str
    url: str
    allowed: set
    data: dict = field(default_factory=dict)
    secret: str = ""  # text that only the allowed roles (or the readers) may ever see
    readers: set | None = None  # when only some of the allowed roles may see the secret
    changes: bool = False  # a POST that changes the database when allowed
    json: bool = False


def cases(w):
    open_bid, closed_bid, attachment = w["open_bid"], w["closed_bid"], w["attachment"]
    challenge, question = w["challenge"], w["question"]
    members = {"company_a", "company_b"}
    everyone = set(ROLES) - {"anonymous"}
    a_only = {"company_a"}
    return [
        # public
        Case("search", "GET", "/search/?q=缺陷检测", set(ROLES), secret=OPEN_SECRET),
        Case("opportunity page", "GET", challenge.url, set(ROLES), secret=OPEN_SECRET),
        Case("all lists", "GET", "/lists/", set(ROLES)),
        Case("api search", "GET", "/api/v1/search?q=缺陷", set(ROLES), secret=OPEN_SECRET),
        Case("api suggest", "GET", "/api/v1/suggest?q=工业", set(ROLES)),
        Case("api openapi", "GET", "/api/v1/openapi.json", set(ROLES)),
        Case("api docs", "GET", "/api/v1/docs", set(ROLES)),
        Case("api root", "GET", "/api/v1/", set()),  # ninja's name for the prefix: 404
        Case("page login", "GET", "/_util/login/", set(ROLES)),  # Wagtail's private-page login
        Case("page password", "POST", "/_util/authenticate_with_password/999/999/", set()),
        # logged-in accounts are sent on to their account page
        Case("login", "GET", "/account/login/", {"anonymous"}),
        Case("signup", "GET", "/account/signup/", {"anonymous"}),
        Case("logout", "POST", "/account/logout/", set(ROLES)),
        # the account
        Case("dashboard", "GET", "/account/", everyone),
        Case("notifications", "GET", "/account/notifications/", everyone),
        Case("mark read", "POST", "/account/notifications/", everyone),
        Case("tokens", "GET", "/account/tokens/", everyone),
        Case("token revoke (someone else's)", "POST", "/account/tokens/999999/revoke/", set()),
        *saved_search_cases(w, everyone, a_only),
        *matching_cases(w),
        Case("profile", "GET", "/account/profile/", members),
        Case("members", "GET", "/account/members/", members),
        Case(
            "member remove",
            "POST",
            f"/account/members/{w['member_a'].pk}/remove/",
            a_only,
            changes=True,
        ),
        Case(
            "make owner",
            "POST",
            f"/account/members/{w['member_a'].pk}/make-owner/",
            a_only,
            changes=True,
        ),
        Case(
            "certificate upload",
            "POST",
            "/account/profile/certificates/",
            members,
            data={"title": "高新技术企业证书", "file": ("c.pdf", minimal_pdf())},
            changes=True,
        ),
        Case(
            "certificate download",
            "GET",
            f"/account/profile/certificates/{w['certificate'].pk}/",
            {"company_a", "admin"},
            secret="%PDF",
        ),
        Case(
            "certificate remove",
            "POST",
            f"/account/profile/certificates/{w['certificate'].pk}/delete/",
            a_only,
            changes=True,
        ),
        Case("my bids", "GET", "/account/bids/", members, secret=OPEN_SECRET),
        # company_a's sealed bid on an open challenge: not even the admin reads it
        Case("bid", "GET", f"/bids/{open_bid.pk}/", a_only, secret=OPEN_SECRET),
        Case("draft", "GET", f"/bids/{w['draft_b'].pk}/", {"company_b"}),
        Case(
            "bid edit",
            "POST",
            f"/bids/{open_bid.pk}/",
            a_only,
            data={
                "bid-summary": "改",
                "bid-approach": "改",
                "targets-TOTAL_FORMS": "0",
                "targets-INITIAL_FORMS": "0",
                "milestones-TOTAL_FORMS": "0",
                "milestones-INITIAL_FORMS": "0",
            },
            changes=True,
        ),
        Case("bid withdraw", "POST", f"/bids/{open_bid.pk}/withdraw/", a_only, changes=True),
        Case("bid submit", "POST", f"/bids/{w['draft_b'].pk}/submit/", {"company_b"}),
        Case(
            "attachment upload",
            "POST",
            f"/bids/{open_bid.pk}/attachments/",
            a_only,
            data={"file": ("x.pdf", minimal_pdf())},
            changes=True,
        ),
        Case(
            "attachment download",
            "GET",
            f"/bids/{open_bid.pk}/attachments/{attachment.pk}/",
            a_only,
            secret="%PDF",
        ),
        # staff break the seal only with a recorded reason, and only while it is a seal
        Case(
            "break glass form",
            "GET",
            f"/bids/{open_bid.pk}/break-glass/",
            {"admin"},
            secret=OPEN_SECRET,
        ),
        Case(
            "break glass",
            "POST",
            f"/bids/{open_bid.pk}/break-glass/",
            {"admin"},
            data={"reason": "企业来电称附件无法打开，需要核对附件内容（工单 118）。"},
            changes=True,
        ),
        Case("break glass (closed bid)", "GET", f"/bids/{closed_bid.pk}/break-glass/", set()),
        Case(
            "attachment remove",
            "POST",
            f"/bids/{open_bid.pk}/attachments/{attachment.pk}/delete/",
            a_only,
            changes=True,
        ),
        # after the deadline the publisher opens the bid too
        Case(
            "closed bid",
            "GET",
            f"/bids/{closed_bid.pk}/",
            {"company_a", "publisher", "admin"},
            secret=CLOSED_SECRET,
        ),
        # opportunities
        Case("start a bid", "POST", f"/opportunities/{challenge.pk}/bid/", members),
        Case(
            "ask a question",
            "POST",
            f"/opportunities/{challenge.pk}/questions/",
            members,
            data={"question": "交付地点在哪里？"},
            changes=True,
        ),
        # the publisher's desk: every publisher has one, each sees its own organisation's
        Case(
            "publisher desk",
            "GET",
            "/publisher/",
            {"publisher", "other_publisher"},
            secret="是否接受联合体",
            readers={"publisher"},
        ),
        Case(
            "answer",
            "POST",
            f"/publisher/questions/{question.pk}/answer/",
            {"publisher"},
            data={"answer": "接受。"},
            changes=True,
        ),
        # the API's bid operations
        Case("api list bids", "GET", "/api/v1/bids", members, json=True, secret=OPEN_SECRET),
        Case(
            "api create bid",
            "POST",
            "/api/v1/bids",
            members,
            data={"opportunity": w["third_challenge"].pk},
            json=True,
            changes=True,
        ),
        Case("api read bid", "GET", f"/api/v1/bids/{open_bid.pk}", a_only, secret=OPEN_SECRET),
        Case(
            "api update bid",
            "PATCH",
            f"/api/v1/bids/{open_bid.pk}",
            a_only,
            data={"team": "十人团队"},
            json=True,
            changes=True,
        ),
        Case(
            "api upload",
            "POST",
            f"/api/v1/bids/{open_bid.pk}/attachments",
            a_only,
            data={"file": ("y.pdf", minimal_pdf())},
            changes=True,
        ),
        Case("api submit", "POST", f"/api/v1/bids/{w['draft_b'].pk}/submit", {"company_b"}),
        Case("api withdraw", "POST", f"/api/v1/bids/{open_bid.pk}/withdraw", a_only, changes=True),
        *review_cases(w),
        # selection, the publisher's side: its own panels only (the open challenge has no
        # panel yet; another closed one's panel is forming, then checking eligibility)
        # every publisher has its list of panels; each sees its own organisation's only
        Case(
            "review panels",
            "GET",
            "/review/publisher/",
            {"publisher", "other_publisher"},
            secret="组建专家组的榜",
            readers={"publisher"},
        ),
        Case(
            "form a panel",
            "GET",
            f"/review/publisher/opportunities/{w['third_challenge'].pk}/panel/",
            {"publisher"},
        ),
        Case(
            "api panel",
            "GET",
            f"/api/v1/review/publisher/panels/{w['formed_panel'].pk}",
            {"publisher"},
        ),
        Case(
            "api suggestions",
            "GET",
            f"/api/v1/review/publisher/panels/{w['formed_panel'].pk}/suggestions",
            {"publisher"},
        ),
        Case(
            "api invite",
            "POST",
            f"/api/v1/review/publisher/panels/{w['formed_panel'].pk}/members",
            {"publisher"},
            data={"expert": w["pool_expert"].pk},
            json=True,
        ),
        Case(
            "api advance",
            "POST",
            f"/api/v1/review/publisher/panels/{w['formed_panel'].pk}/advance",
            {"publisher"},
            data={"stage": "eligibility"},
            json=True,
        ),
        Case(
            "api eligibility",
            "PUT",
            f"/api/v1/review/publisher/bids/{w['formed_bid'].pk}/eligibility",
            {"publisher"},
            data={"eligible": True},
            json=True,
        ),
        # at the eligibility check nobody sets a slot: the publisher is told why (400)
        Case(
            "api roadshow",
            "PUT",
            f"/api/v1/review/publisher/bids/{w['formed_bid'].pk}/roadshow",
            set(),
            data={"starts_at": "2030-01-01T09:00:00+08:00", "place": "A"},
            json=True,
        ),
        Case(
            "api form a panel",
            "POST",
            f"/api/v1/review/publisher/opportunities/{w['third_challenge'].pk}/panel",
            {"publisher"},
            json=True,
        ),
        Case("panel", "GET", f"/review/publisher/panels/{w['formed_panel'].pk}/", {"publisher"}),
        Case(
            "eligibility check",
            "GET",
            f"/review/publisher/panels/{w['formed_panel'].pk}/eligibility/",
            {"publisher"},
            secret=w["formed_bid"].receipt_number,
        ),
        Case(
            "mark eligibility",
            "POST",
            f"/review/publisher/panels/{w['formed_panel'].pk}/eligibility/",
            {"publisher"},
            data={"bid": w["formed_bid"].pk, "eligible": "no", "reason": "缺少营业执照"},
        ),
        Case(
            "roadshow",
            "GET",
            f"/review/publisher/panels/{w['formed_panel'].pk}/roadshow/",
            {"publisher"},
        ),
        Case(
            "set a roadshow slot",
            "POST",
            f"/review/publisher/panels/{w['formed_panel'].pk}/roadshow/",
            {"publisher"},
        ),
        Case(
            "invite",
            "POST",
            f"/review/publisher/panels/{w['formed_panel'].pk}/invite/",
            {"publisher"},
            data={"expert": w["pool_expert"].pk, "role": "chair"},
        ),
        Case(
            "recuse",
            "POST",
            f"/review/publisher/panels/{w['formed_panel'].pk}/recuse/",
            {"publisher"},
            data={"reason": "合作关系"},
        ),
        Case(
            "advance",
            "POST",
            f"/review/publisher/panels/{w['formed_panel'].pk}/advance/",
            {"publisher"},
            data={"stage": "scoring"},
        ),
        # staff doors
        Case("wagtail admin", "GET", "/admin/", {"publisher", "other_publisher", "admin"}),
        # the Wagtail page admin: a publisher writes its own organisation's pages only
        Case("admin explore list", "GET", f"/admin/pages/{w['list'].pk}/", {"publisher", "admin"}),
        Case(
            "admin edit opportunity",
            "GET",
            f"/admin/pages/{challenge.pk}/edit/",
            {"publisher", "admin"},
        ),
        Case(
            "admin add to list",
            "GET",
            f"/admin/pages/add/cms/scenariopage/{w['list'].pk}/",
            {"publisher", "admin"},
        ),
        Case(
            "admin add list to section",
            "GET",
            f"/admin/pages/add/cms/opportunitylistpage/{w['list'].get_parent().pk}/",
            {"publisher", "admin"},
        ),
        Case(
            "admin delete opportunity",
            "GET",
            f"/admin/pages/{challenge.pk}/delete/",
            {"admin"},  # a live page: deleting it unpublishes it, which is the moderators'
        ),
        Case(
            "admin edit organisation",
            "GET",
            f"/admin/snippets/cms/organization/edit/{challenge.list_page.publisher_id}/",
            {"admin"},
        ),
        Case("organisations admin", "GET", "/admin/bidding/organisations/", {"admin"}),
        Case("audit trail", "GET", "/admin/bidding/audit/", {"admin"}),
        Case("bid counts", "GET", "/admin/bidding/bid-counts/", {"admin"}),
        Case("django admin", "GET", "/django-admin/", {"admin"}),
        # the result notice (公示): public; verified organisations object; the publisher answers
        Case(
            "publish a notice",
            "GET",
            f"/review/panels/{w['notice'].panel_id}/notice/",
            {"publisher"},
        ),
        Case("result notice", "GET", f"/review/notices/{w['notice'].pk}/", set(ROLES)),
        Case(
            "file an objection",
            "POST",
            f"/review/notices/{w['notice'].pk}/objections/new/",
            members,
            data={"reasons": "评分依据与公开细则不一致，请予复核并书面答复。"},
            changes=True,
        ),
        Case(
            "objections",
            "GET",
            f"/review/notices/{w['notice'].pk}/objections/",
            {"publisher"},
            secret=OBJECTION_SECRET,
        ),
        Case(
            "objection evidence",
            "GET",
            f"/review/objections/{w['objection'].pk}/attachments/"
            f"{w['objection'].attachments.get().pk}/",
            {"publisher"},
            secret="%PDF",
        ),
    ]


def review_cases(w):
    """The expert's pages and API: only an assigned, declared expert who is not recused (or the
    chair) reads the closed challenge's bid; nobody reads the sealed one."""
    closed_bid, open_bid = w["closed_bid"], w["open_bid"]
    panel, experts = w["panel"], set(EXPERTS)
    readers = {"expert", "chair"}
    scores = {f"score_{criterion.pk}": "10" for criterion in w["criteria"]}
    rows = [{"criterion": criterion.pk, "score": 10} for criterion in w["criteria"]]
    closed, sealed = f"/review/bids/{closed_bid.pk}", f"/review/bids/{open_bid.pk}"
    api = "/api/v1/review"
    return [
        Case("review assignments", "GET", "/review/", experts),
        Case(
            "review answer invitation",
            "POST",
            f"/review/invitations/{w['invitation'].pk}/",
            {"chair"},
            data={"action": "accept"},
            changes=True,
        ),
        Case("review panel", "GET", f"/review/panels/{panel.pk}/", readers | {"recused_expert"}),
        Case(
            "review declaration before the deadline",
            "POST",
            f"/review/panels/{w['open_panel'].pk}/",
            set(),
            data={"confirm": "on"},
            changes=True,
        ),
        Case("review compare", "GET", f"/review/panels/{panel.pk}/compare/", readers),
        Case("review bid", "GET", f"{closed}/", readers, secret=CLOSED_SECRET),
        Case("review sealed bid", "GET", f"{sealed}/", set(), secret=OPEN_SECRET),
        Case("review score sheet", "GET", f"{closed}/score/", readers, secret=CLOSED_SECRET),
        Case(
            "review score save",
            "POST",
            f"{closed}/score/",
            readers,
            data={**scores, "action": "save"},
            changes=True,
        ),
        Case(
            "review attachment",
            "GET",
            f"{closed}/attachments/{w['closed_attachment'].pk}/",
            readers,
            secret="%PDF",
        ),
        Case(
            "review sealed attachment",
            "GET",
            f"{sealed}/attachments/{w['attachment'].pk}/",
            set(),
            secret="%PDF",
        ),
        Case("api review assignments", "GET", f"{api}/assignments", experts, json=True),
        Case(
            "api review respond",
            "POST",
            f"{api}/assignments/{w['invitation'].pk}/respond",
            {"chair"},
            data={"accept": True},
            json=True,
            changes=True,
        ),
        Case(
            "api review declare (invitation not accepted)",
            "POST",
            f"{api}/assignments/{w['invitation'].pk}/declare",
            set(),
            json=True,
            changes=True,
        ),
        Case(
            "api review bids",
            "GET",
            f"{api}/assignments/{w['members']['expert'].pk}/bids",
            {"expert"},
        ),
        Case("api review bid", "GET", f"{api}/bids/{closed_bid.pk}", readers, secret=CLOSED_SECRET),
        Case(
            "api review sealed bid", "GET", f"{api}/bids/{open_bid.pk}", set(), secret=OPEN_SECRET
        ),
        Case("api review sheet", "GET", f"{api}/bids/{closed_bid.pk}/sheet", readers),
        Case(
            "api review sheet save",
            "PUT",
            f"{api}/bids/{closed_bid.pk}/sheet",
            readers,
            data={"scores": rows},
            json=True,
            changes=True,
        ),
        # consensus (the chair, from the consensus stage) and the decision (the publisher): at
        # expert scoring the chair has nothing to agree yet, the publisher reads the ranking so
        # far and decides nothing; where the role may act but the stage refuses, the API
        # answers 400 (tests/selection/test_consensus*.py, test_decision*.py try each stage)
        Case("consensus", "GET", f"/review/{panel.pk}/consensus/", set()),
        Case(
            "record consensus",
            "POST",
            f"/review/{panel.pk}/consensus/{closed_bid.pk}/",
            set(),
            data={**scores, "comment": "一致同意"},
            changes=True,
        ),
        Case("decision", "GET", f"/review/{panel.pk}/decision/", {"publisher"}),
        Case(
            "shortlist",
            "POST",
            f"/review/{panel.pk}/decision/shortlist/",
            set(),
            data={"bids": [closed_bid.pk]},
            changes=True,
        ),
        # the publisher reaches the confirmation page, which says the panel is not at the decision
        Case(
            "select winners",
            "POST",
            f"/review/{panel.pk}/decision/select/",
            {"publisher"},
            data={"winners": [closed_bid.pk]},
        ),
        Case("api consensus", "GET", f"{api}/panels/{panel.pk}/consensus", set()),
        Case(
            "api record consensus",
            "POST",
            f"{api}/panels/{panel.pk}/bids/{closed_bid.pk}/consensus",
            set(),
            data={"criteria": {str(c.pk): 10 for c in w["criteria"]}, "comment": "一致同意"},
            json=True,
        ),
        Case("api ranking", "GET", f"{api}/panels/{panel.pk}/ranking", {"publisher"}),
        Case(
            "api shortlist",
            "POST",
            f"{api}/panels/{panel.pk}/shortlist",
            set(),
            data={"bids": [closed_bid.pk]},
            json=True,
        ),
        Case(
            "api decision",
            "POST",
            f"{api}/panels/{panel.pk}/decision",
            set(),
            data={"winners": [{"bid": closed_bid.pk}]},
            json=True,
        ),
        # the panel's records: at expert scoring nobody downloads them yet; an expert prints
        # only its own sheet (tests/selection/test_records.py covers the later stages)
        Case("review records", "GET", f"/review/{panel.pk}/records.xlsx", set()),
        Case(
            "review sheet print",
            "GET",
            f"/review/{panel.pk}/sheets/{w['members']['expert'].pk}/print/",
            {"expert"},
        ),
    ]


def saved_search_cases(w, everyone, a_only):
    """Saved searches and follows (alerts): an account reads and changes its own; the signed
    unsubscribe and feed links work for whoever holds them, a forged one for nobody."""
    pk, challenge = w["saved_search"].pk, w["challenge"]
    return [
        Case(
            "saved searches",
            "GET",
            "/account/saved-searches/",
            everyone,
            secret=SAVED_SECRET,
            readers=a_only,
        ),
        Case(
            "save a search",
            "POST",
            "/account/saved-searches/new/",
            everyone,
            data={"q": "缺陷检测", "name": "检测", "frequency": "daily"},
            changes=True,
        ),
        Case(
            "saved search change (company_a's)",
            "POST",
            f"/account/saved-searches/{pk}/",
            a_only,
            data={f"s{pk}-frequency": "weekly"},
            changes=True,
        ),
        Case(
            "saved search delete (company_a's)",
            "POST",
            f"/account/saved-searches/{pk}/delete/",
            a_only,
            changes=True,
        ),
        Case("unsubscribe link", "GET", unsubscribe_path([pk]), set(ROLES)),
        Case("unsubscribe", "POST", unsubscribe_path([pk]), set(ROLES), changes=True),
        Case("unsubscribe (forged)", "POST", "/alerts/unsubscribe/forged/", set(), changes=True),
        Case("saved search feed", "GET", feed_path(pk), set(ROLES)),
        Case("saved search feed (forged)", "GET", "/alerts/feed/forged/", set()),
        Case(
            "follow",
            "POST",
            f"/opportunities/{challenge.pk}/follow/",
            everyone,
            data={"follow": "1"},
            changes=True,
        ),
        Case(
            "api saved searches",
            "GET",
            "/api/v1/saved-searches",
            everyone,
            secret=SAVED_SECRET,
            readers=a_only,
        ),
        Case(
            "api save a search",
            "POST",
            "/api/v1/saved-searches",
            everyone,
            data={"name": "检测", "query": "缺陷检测"},
            json=True,
            changes=True,
        ),
        Case(
            "api saved search change (company_a's)",
            "PATCH",
            f"/api/v1/saved-searches/{pk}",
            a_only,
            data={"frequency": "weekly"},
            json=True,
            changes=True,
        ),
        Case(
            "api saved search delete (company_a's)",
            "DELETE",
            f"/api/v1/saved-searches/{pk}",
            a_only,
            json=True,
            changes=True,
        ),
        Case(
            "api follow",
            "POST",
            f"/api/v1/opportunities/{challenge.pk}/follow",
            everyone,
            json=True,
            changes=True,
        ),
    ]


def matching_cases(w):
    """Matching: the likely solvers are the publisher's to see (no bid of anyone shows there),
    and only the opportunity's publisher invites an organisation to bid."""
    challenge, company_b = w["challenge"], w["company_b"]
    return [
        Case(
            "likely solvers",
            "GET",
            "/matching/solvers/",
            {"publisher", "other_publisher"},
            secret=OPEN_SECRET,
            readers=set(),
        ),
        Case(
            "invite to bid (publisher's challenge)",
            "POST",
            f"/matching/opportunities/{challenge.pk}/invite/{company_b.pk}/",
            {"publisher"},
            changes=True,
        ),
    ]


def call(client, case):
    if case.method == "GET":
        return client.get(case.url)
    if case.json:
        import json

        return client.generic(
            case.method, case.url, json.dumps(case.data), content_type="application/json"
        )
    data = {
        key: SimpleUploadedFile(value[0], value[1], "application/pdf")
        if isinstance(value, tuple)
        else value
        for key, value in case.data.items()
    }
    return client.post(case.url, data)


def outcome(response, case, before):
    """'ok' when the operation happened (or was readable), 'denied' when it was refused."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    if response.status_code == 302 and "/login/" in response.url:
        return "denied", text
    if case.method == "GET":
        return ("ok" if response.status_code == 200 else "denied"), text
    if case.changes:
        return ("ok" if snapshot() != before else "denied"), text
    return ("ok" if response.status_code < 400 else "denied"), text


def test_the_permission_matrix(world, client, django_capture_on_commit_callbacks):
    problems, checked = [], 0
    for case in cases(world):
        for role in ROLES:
            client.logout()
            if role != "anonymous":
                client.force_login(world["users"][role])
            before = snapshot()
            with django_capture_on_commit_callbacks(execute=False):
                response = call(client, case)
            result, text = outcome(response, case, before)
            checked += 1
            expected = "ok" if role in case.allowed else "denied"
            if result != expected:
                problems.append(f"{case.name} as {role}: {result} ({response.status_code})")
            refused_oddly = response.status_code not in DENIED and (
                case.method == "GET" or case.changes
            )
            if expected == "denied" and refused_oddly:
                problems.append(f"{case.name} as {role}: refused with {response.status_code}")
            readers = case.allowed if case.readers is None else case.readers
            if role not in readers and case.secret and case.secret in text:
                problems.append(f"{case.name} as {role}: sealed text leaked")
            if role in case.allowed and case.changes:
                # Put things back so the next role meets the same world.
                Bid.objects.filter(pk=world["open_bid"].pk).update(
                    status="submitted",
                    summary="基于少样本元学习的缺陷检测",
                    approach=OPEN_SECRET,
                    team="",
                )
                BidAttachment.objects.exclude(
                    pk__in=[world["attachment"].pk, world["closed_attachment"].pk]
                ).delete()
                Bid.objects.filter(opportunity=world["third_challenge"]).delete()
                AuditEvent.objects.filter(action="bid_break_glass").delete()
                Clarification.objects.exclude(pk=world["question"].pk).delete()
                Objection.objects.exclude(pk=world["objection"].pk).delete()
                Clarification.objects.filter(pk=world["question"].pk).update(
                    answer="", answered_at=None
                )
                if not BidAttachment.objects.filter(pk=world["attachment"].pk).exists():
                    world["attachment"].save()
                CompanyCertificate.objects.exclude(pk=world["certificate"].pk).delete()
                if not CompanyCertificate.objects.filter(pk=world["certificate"].pk).exists():
                    world["certificate"].save()
                owner_a, member_a = world["users"]["company_a"], world["member_a"]
                Membership.objects.filter(company=member_a.company).update(role="member")
                Membership.objects.filter(user=owner_a).update(role="owner")
                if not Membership.objects.filter(pk=member_a.pk).exists():
                    member_a.save()
                type(owner_a).objects.filter(pk=member_a.user_id).update(is_active=True)
                ScoreSheet.objects.all().delete()
                saved_search = world["saved_search"]
                SavedSearch.objects.exclude(pk=saved_search.pk).delete()
                if not SavedSearch.objects.filter(pk=saved_search.pk).exists():
                    saved_search.save()
                SavedSearch.objects.filter(pk=saved_search.pk).update(
                    frequency=saved_search.frequency, active=True
                )
                Follow.objects.all().delete()
                Invitation.objects.all().delete()
                PanelMember.objects.filter(pk=world["invitation"].pk).update(
                    status=PanelMember.Status.INVITED, responded_at=None
                )
    print(f"permission matrix: {len(cases(world))} operations x {len(ROLES)} roles = {checked}")
    assert not problems, "\n".join(problems)


def test_staff_opening_a_bid_after_the_deadline_is_in_the_audit_trail(world, client):
    client.force_login(world["users"]["admin"])
    client.get(f"/bids/{world['closed_bid'].pk}/")
    client.force_login(world["users"]["publisher"])
    client.get(f"/bids/{world['closed_bid'].pk}/")
    events = list(
        world["closed_bid"]
        .audit_events.filter(action="bid_viewed_by_staff")
        .values_list("actor_name", flat=True)
    ) + list(
        world["closed_bid"]
        .audit_events.filter(action="bid_opened_by_publisher")
        .values_list("actor_name", flat=True)
    )
    assert events == ["admin", "publisher"]


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith(THIRD_PARTY_PREFIXES):
                yield route.split("/")[0] + "/"
            else:
                yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def test_every_url_pattern_is_in_the_matrix(world):
    covered = {resolve(unquote(case.url.split("?")[0])).route for case in cases(world)}
    missing = sorted(
        route
        for route in set(_routes(get_resolver().url_patterns))
        if route not in covered
        and not route.startswith(THIRD_PARTY_PREFIXES)
        and route != WAGTAIL_PAGE_SERVING
    )
    assert not missing, f"URL patterns without a row in the matrix: {missing}"
