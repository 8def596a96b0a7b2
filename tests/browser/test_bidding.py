"""A company's walk in a real Chromium: sign up, fill in the profile and upload its licence, get
verified, start a draft bid on an open challenge, attach a PDF, submit, then withdraw.
Screenshots in tests/artifacts/."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.models import ChallengeTarget
from scenarios import services
from scenarios.models import Bid, Company
from tests.factories import ChallengePageFactory, OpportunityListPageFactory
from tests.scenarios.conftest import complete_bid, make_company, minimal_pdf

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def open_challenge(home_page, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    challenge = ChallengePageFactory(
        parent=OpportunityListPageFactory(parent=home_page),
        title="工业视觉小样本缺陷检测通用模型",
        application_deadline=timezone.now() + timedelta(days=10),
        bounty_wan=120,
    )
    ChallengeTarget.objects.create(
        page=challenge, indicator="检测准确率", target_value="≥99", unit="%"
    )
    return challenge


def test_a_company_signs_up_bids_submits_and_withdraws(
    page, live_server, open_challenge, screenshot, tmp_path
):
    base = live_server.url
    page.goto(f"{base}/account/signup/")
    page.fill("#id_username", "yunmou")
    page.fill("#id_email", "yunmou@example.cn")
    page.fill("#id_password1", "Lianyungang-2026!")
    page.fill("#id_password2", "Lianyungang-2026!")
    page.fill("#id_company_name", "连云港云眸智能视觉科技有限公司")
    page.select_option("#id_kind", "enterprise")
    page.fill("#id_uscc", "91110000802100433C")  # one character off
    page.click("form.form button[type=submit]")
    error = page.locator(".form-field--error").filter(has=page.locator("#id_uscc"))
    assert "B" in error.inner_text()
    assert "C" in error.inner_text()
    assert page.locator("#id_uscc").get_attribute("aria-invalid") == "true"
    screenshot(page, "signup-error")
    page.fill("#id_password1", "Lianyungang-2026!")
    page.fill("#id_password2", "Lianyungang-2026!")
    page.fill("#id_uscc", "91110000802100433B")
    page.click("form.form button[type=submit] >> nth=0")
    assert page.url.endswith("/account/profile/")

    page.fill("#id_keywords", "机器视觉、缺陷检测、边缘计算")
    page.fill("#id_description", "专注工业视觉检测与边缘推理。")
    page.click("form.form button[type=submit]")
    company = Company.objects.get(name="连云港云眸智能视觉科技有限公司")
    assert company.capability_keywords == ["机器视觉", "缺陷检测", "边缘计算"]
    licence = tmp_path / "营业执照.pdf"
    licence.write_bytes(minimal_pdf())
    page.fill("#certificate-form #id_title", "营业执照")
    page.set_input_files("#certificate-form #id_file", str(licence))
    page.click("#certificate-form button[type=submit]")
    assert page.locator(".attachments li").inner_text().startswith("营业执照")
    assert company.certificates.get().original_name == "营业执照.pdf"
    screenshot(page, "company-profile")

    moderator = get_user_model().objects.create_superuser("moderator-x", "", "x")
    services.company_verify(company, moderator, approve=True, note="核验通过")

    page.goto(base + open_challenge.url)
    page.click("#start-bid")
    assert "/bids/" in page.url
    page.fill("#id_bid-summary", "基于少样本元学习的通用缺陷检测模型")
    page.fill("#id_bid-approach", "数据采集、模型设计、现场部署三阶段。")
    page.fill("#id_bid-requested_funding_wan", "100")
    page.fill("#id_targets-0-committed_value", "99.2%")
    page.fill("#id_milestones-0-month", "3")
    page.fill("#id_milestones-0-deliverable", "样机")
    page.click("#bid-form button[type=submit]")
    assert page.locator(".message--success").count() == 1
    assert Bid.objects.get().target_responses.get().committed_value == "99.2%"
    pdf = tmp_path / "技术方案.pdf"
    pdf.write_bytes(minimal_pdf())
    page.set_input_files("#id_file", str(pdf))
    page.click("section.panel form[enctype] button[type=submit]")
    assert page.locator(".attachments li").count() == 1
    screenshot(page, "bid-draft")

    page.click("#submit-bid")
    receipt = page.locator("#receipt").inner_text()
    bid = Bid.objects.get(company=company)
    assert bid.status == "submitted"
    assert receipt == bid.receipt_number
    assert "草稿 → 已提交" in page.locator("ol.history").inner_text()  # states in Chinese
    assert page.locator(".message--success").count() == 1
    screenshot(page, "bid-submitted")

    page.click("#withdraw-bid")
    bid.refresh_from_db()
    assert bid.status == "withdrawn"
    assert page.locator("#bid-status").inner_text() == bid.get_status_display()
    page.goto(f"{base}/account/bids/")
    assert page.locator("table.bids tbody tr").count() == 1
    screenshot(page, "my-bids")


def test_submitting_keeps_the_edit_typed_just_before_and_leaving_with_it_warns(
    page, live_server, open_challenge
):
    company, user = make_company("连云港云眸智能视觉科技有限公司", "yunmou")
    bid = services.bid_create(company, open_challenge, user, fields={"summary": "初稿"})
    complete_bid(bid, user)
    base = live_server.url
    page.goto(f"{base}/account/login/")
    page.fill("#id_username", "yunmou")
    page.fill("#id_password", "demo-pass-2025")
    page.click("main form button[type=submit]")
    page.goto(f"{base}/bids/{bid.pk}/")

    page.fill("#id_bid-summary", "提交前最后一改：少样本元学习缺陷检测")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.click(".account-nav a >> nth=0")  # leaving with the edit unsaved asks first
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(f"/bids/{bid.pk}/")

    page.click("#submit-bid")
    page.wait_for_selector(".message--success")
    bid.refresh_from_db()
    assert bid.summary == "提交前最后一改：少样本元学习缺陷检测"
    assert bid.status == Bid.Status.SUBMITTED
    assert page.locator("#receipt").inner_text() == bid.receipt_number
    assert dialogs == ["beforeunload"]  # submitting saves, so it does not ask
