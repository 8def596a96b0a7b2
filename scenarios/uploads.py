"""Checking uploads by their content: PDFs are parsed and every object reachable from their
catalogue (pages, annotations, forms, outlines, names) is searched for actions that run code,
images are decoded within a pixel budget and re-encoded (dropping metadata and anything hidden
after the pixels), everything else is refused with a message that says what the file really is.
The uploader's file name is kept, normalised, with the extension of what the file really is."""

import hashlib
import io
import mimetypes
import unicodedata
import warnings
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from .validators import validate_upload_name

RASTER_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
# Pillow format -> what the re-encoded file is: photos stay JPEG, the rest become PNG.
IMAGE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/png", "WEBP": "image/png"}
# The extension a checked file is stored and offered under, and the others its name may keep.
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
}
NAME_MAX_LENGTH = 150  # PrivateUpload.original_name
# PDF actions that run code, start programs, fetch or send data, or open other documents: a
# reviewer's reader must never do any of these on opening or clicking a bid's attachment.
PDF_SCRIPT_ACTIONS = {"/JavaScript"}
PDF_FORBIDDEN_ACTIONS = {
    "/Launch",
    "/ImportData",
    "/SubmitForm",
    "/RichMediaExecute",
    "/GoToE",
    "/GoToR",
}
# A parsed PDF of at most 20 MB holds far fewer objects; the cap bounds a crafted one's cost.
PDF_MAX_OBJECTS = 500_000


@dataclass
class CheckedUpload:
    """An upload that passed the checks: the bytes to store and what they are."""

    name: str
    content: bytes
    content_type: str
    kind: str  # "pdf" or "image"

    @property
    def sha256(self):
        return hashlib.sha256(self.content).hexdigest()

    def as_file(self):
        return ContentFile(self.content, name=self.name)


def _read_limited(upload, limit):
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("The file is larger than the limit of %(limit)s."),
            code="too_large",
            params={"limit": filesizeformat(limit)},
        )
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    return data


def _looks_like_svg(data):
    head = data[:2048].lstrip().lower()
    return head.startswith(b"<?xml") or b"<svg" in head


def describe_content(data):
    """What a file's first bytes say it is, for error messages: 'application/x-msdownload' etc."""
    if _looks_like_svg(data):
        return "SVG/XML"
    kind = filetype.guess(data[:8192])
    return kind.mime if kind else _("unrecognised data")


def _refuse_wrong_type(data, expected):
    if _looks_like_svg(data):
        raise ValidationError(
            _("SVG files are not accepted because they can carry scripts; upload %(expected)s."),
            code="svg",
            params={"expected": expected},
        )
    raise ValidationError(
        _("This file is not %(expected)s: its content is %(actual)s, whatever its name says."),
        code="wrong_type",
        params={"expected": expected, "actual": describe_content(data)},
    )


def _check_pdf(data):
    if not data[:1024].lstrip().startswith(b"%PDF-"):
        _refuse_wrong_type(data, _("a PDF"))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("The PDF is password-protected; reviewers could not open it."), code="encrypted"
            )
        if len(reader.pages) == 0:
            raise ValidationError(_("The PDF has no pages."), code="no_pages")
        has_script, forbidden = _pdf_active_content(reader.trailer["/Root"])
    except ValidationError:
        raise
    except (PdfReadError, KeyError, ValueError, TypeError, OSError) as error:
        raise ValidationError(
            _("The file starts like a PDF but cannot be read as one (%(error)s)."),
            code="broken_pdf",
            params={"error": str(error)[:120]},
        ) from error
    if has_script:
        raise ValidationError(
            _("The PDF contains scripts (JavaScript actions), which are not accepted."),
            code="pdf_script",
        )
    if forbidden:
        raise ValidationError(
            _(
                "The PDF contains actions that start programs, send data or open other files "
                "(%(actions)s), which are not accepted."
            ),
            code="pdf_action",
            params={"actions": ", ".join(sorted(forbidden))},
        )


def _pdf_active_content(root):
    """Whether anything reachable from the catalogue runs JavaScript, and which forbidden actions
    it holds. Walking the whole object graph covers the catalogue's /OpenAction and /AA, the
    names tree, every page's /AA, every annotation's /A and /AA (links, widgets), AcroForm fields,
    outline items, and actions chained through /Next, wherever a writer nests them."""
    has_script, forbidden = False, set()
    seen = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > PDF_MAX_OBJECTS:
                raise ValidationError(
                    _("The PDF has too many objects to be checked."), code="pdf_too_complex"
                )
            node = node.get_object()
        if isinstance(node, DictionaryObject):  # stream dictionaries too, not their data
            action = node.get("/S")
            if isinstance(action, IndirectObject):
                action = action.get_object()
            if action in PDF_SCRIPT_ACTIONS or "/JS" in node or "/JavaScript" in node:
                has_script = True
            elif action in PDF_FORBIDDEN_ACTIONS:
                forbidden.add(str(action))
            stack.extend(node.values())
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return has_script, forbidden


def clean_upload_name(name, content_type):
    """The uploader's name as shown and offered back: NFKC-folded, without bidirectional
    controls, zero-width or control characters and without any path, no longer than the column,
    ending in the extension of what the content really is (a PDF named .html becomes .pdf)."""
    name = unicodedata.normalize("NFKC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    # Cc: controls; Cf: format characters (U+202E and the other bidi controls, U+200B-U+200D,
    # U+2060, U+FEFF); Zl/Zp: line and paragraph separators; Co/Cs/Cn: nothing a name needs.
    name = "".join(
        " " if unicodedata.category(c) in {"Zl", "Zp", "Zs"} else c
        for c in name
        if unicodedata.category(c) not in {"Cc", "Cf", "Co", "Cs", "Cn"}
    )
    name = " ".join(name.split())
    extensions = EXTENSIONS[content_type]
    stem, dot, suffix = name.rpartition(".")
    suffix = f".{suffix}".lower() if dot else ""
    if suffix in extensions:
        extension = name[len(stem) :]
    else:
        extension = extensions[0]
        if not dot or mimetypes.guess_type(f"x{suffix}")[0] is None:
            stem = name  # no extension, or one that names no type ("report.v2"): keep it all
    stem = stem.strip(". ")[: NAME_MAX_LENGTH - len(extension)].rstrip(". ")
    return f"{stem or 'attachment'}{extension}"


def _reencode_image(data, max_pixels, expected):
    kind = filetype.guess(data[:8192])
    if kind is None or kind.mime not in RASTER_TYPES:
        _refuse_wrong_type(data, expected)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    _(
                        "The image is %(width)d×%(height)d pixels; the limit is %(limit)s "
                        "million pixels."
                    ),
                    code="too_many_pixels",
                    params={"width": width, "height": height, "limit": max_pixels // 1_000_000},
                )
            if image.format not in IMAGE_FORMATS:
                _refuse_wrong_type(data, expected)
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("The image expands to far more pixels than it should (a decompression bomb)."),
            code="decompression_bomb",
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("The image cannot be decoded (%(error)s)."),
            code="broken_image",
            params={"error": str(error)[:120]},
        ) from error
    content_type = IMAGE_FORMATS[image.format]
    out = io.BytesIO()
    if content_type == "image/jpeg":
        image.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    return out.getvalue(), content_type


def check_attachment(upload):
    """A bid attachment: a PDF (checked by content) or an image (re-encoded)."""
    name = getattr(upload, "submitted_name", None) or upload.name
    validate_upload_name(name)
    data = _read_limited(upload, settings.BID_ATTACHMENT_MAX_BYTES)
    if data[:1024].lstrip().startswith(b"%PDF-"):
        _check_pdf(data)
        return CheckedUpload(
            clean_upload_name(name, "application/pdf"), data, "application/pdf", "pdf"
        )
    content, content_type = _reencode_image(
        data, settings.UPLOAD_IMAGE_MAX_PIXELS, _("a PDF or a PNG, JPEG, GIF or WebP image")
    )
    return CheckedUpload(clean_upload_name(name, content_type), content, content_type, "image")


def check_logo(upload):
    """An organisation's logo: an image within the size and pixel limits, re-encoded."""
    name = getattr(upload, "submitted_name", None) or upload.name
    validate_upload_name(name)
    data = _read_limited(upload, settings.LOGO_MAX_BYTES)
    content, content_type = _reencode_image(
        data, settings.LOGO_MAX_PIXELS, _("a PNG, JPEG, GIF or WebP image")
    )
    extension = ".jpg" if content_type == "image/jpeg" else ".png"
    return CheckedUpload(f"logo{extension}", content, content_type, "image")
