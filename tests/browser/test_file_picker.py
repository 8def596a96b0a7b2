"""File pickers in a real Chromium: a button and a status in Chinese over the native input
(whose own label is the browser's English "Choose File"), opened by a click or the keyboard,
the chosen file's name shown, and uploads that still work without JavaScript."""

from datetime import timedelta

import pytest
from django.utils import timezone

from scenarios import services
from tests.factories import ChallengePageFactory, OpportunityListPageFactory
from tests.scenarios.conftest import complete_bid, make_company, minimal_pdf

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def draft_bid(home_page, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    challenge = ChallengePageFactory(
        parent=OpportunityListPageFactory(parent=home_page),
        title="工业视觉小样本缺陷检测通用模型",
        application_deadline=timezone.now() + timedelta(days=10),
    )
    company, user = make_company("连云港云眸智能视觉科技有限公司", "yunmou")
    bid = services.bid_create(company, challenge, user, fields={"summary": "初稿"})
    complete_bid(bid, user)
    return bid


def log_in(page, base):
    page.goto(f"{base}/account/login/")
    page.fill("#id_username", "yunmou")
    page.fill("#id_password", "demo-pass-2025")
    page.click("main form button[type=submit]")


def test_the_file_picker_reads_chinese_opens_by_click_and_keyboard_and_uploads(
    page, live_server, draft_bid, screenshot, tmp_path
):
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/bids/{draft_bid.pk}/")
    picker = page.locator(".file-picker").filter(has=page.locator("#id_file"))
    assert picker.locator(".file-picker__button").inner_text() == "选择文件"
    assert picker.locator(".file-picker__status").inner_text() == "未选择文件"
    native = page.locator("#id_file")
    picker.scroll_into_view_if_needed()
    assert native.evaluate("input => getComputedStyle(input).opacity") == "0"
    # The transparent native input covers the Chinese button, so a click on it opens the dialog.
    button_box = picker.locator(".file-picker__button").bounding_box()
    input_box = native.bounding_box()
    assert input_box["width"] >= button_box["width"] - 1
    assert input_box["height"] >= button_box["height"] - 1
    pdf = tmp_path / "技术方案.pdf"
    pdf.write_bytes(minimal_pdf())
    centre = (
        button_box["x"] + button_box["width"] / 2,
        button_box["y"] + button_box["height"] / 2,
    )
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).id", centre) == "id_file"
    with page.expect_file_chooser() as chooser:  # a click where the user sees the button
        page.mouse.click(*centre)
    chooser.value.set_files(str(pdf))
    assert picker.locator(".file-picker__status").inner_text() == "技术方案.pdf"

    # Keyboard: the native input takes the focus (the button shows the ring) and Space opens it.
    native.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_file"
    outline = picker.locator(".file-picker__button").evaluate(
        "button => getComputedStyle(button).outlineStyle"
    )
    assert outline == "solid"
    # Space activates the input as a click does (the dialog's opening was checked above; a
    # second dialog right after the first is not reliably reported by headless Chromium).
    native.evaluate("input => input.addEventListener('click', () => { window.activated = 1; })")
    page.keyboard.press("Space")
    page.wait_for_function("window.activated === 1", timeout=5000)
    screenshot(page, "file-picker-chosen")

    page.click("section.panel form[enctype] button[type=submit]")
    assert page.locator(".attachments li").count() == 1
    assert draft_bid.attachments.get().original_name == "技术方案.pdf"
    assert page.locator(".file-picker__status").first.inner_text() == "未选择文件"


def test_without_javascript_the_picker_still_uploads_and_says_a_file_is_chosen(
    browser, live_server, draft_bid, tmp_path
):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_server.url)
        page.goto(f"{live_server.url}/account/profile/")
        picker = page.locator("#certificate-form .file-picker")
        assert picker.locator(".file-picker__button").inner_text() == "选择文件"
        assert picker.locator(".file-picker__status").inner_text() == "未选择文件"
        licence = tmp_path / "营业执照.pdf"
        licence.write_bytes(minimal_pdf())
        page.fill("#certificate-form #id_title", "营业执照")
        page.set_input_files("#certificate-form #id_file", str(licence))
        assert picker.locator(".file-picker__status").inner_text() == "已选择文件"
        # The optional logo cannot tell (no script): it shows no status rather than a wrong one.
        assert (
            not page.locator(".file-picker")
            .filter(has=page.locator("#id_logo_upload"))
            .locator(".file-picker__status")
            .is_visible()
        )
        page.click("#certificate-form button[type=submit]")
        assert page.locator(".attachments li").inner_text().startswith("营业执照")
        company = draft_bid.company
        assert company.certificates.get().original_name == "营业执照.pdf"
    finally:
        context.close()
