"""Validators of what companies type and upload: the unified social credit code (GB 32100-2015)
and file names."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: 31 characters, the digits and the capitals without I, O, S, V and Z.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
# GB 11714-1997: the organisation code (positions 9-17) has a check character of its own.
ORGANIZATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def uscc_check_character(first_17):
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first_17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def organization_code_check_character(first_8):
    total = sum(
        USCC_ALPHABET.index(c) * w for c, w in zip(first_8, ORGANIZATION_CODE_WEIGHTS, strict=True)
    )
    remainder = 11 - total % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def normalize_uscc(value):
    """Upper case, full-width folded, spaces and hyphens removed: what people paste."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", value or "")).upper()


def validate_uscc(value):
    """Raise a ValidationError naming what is wrong with this unified social credit code."""
    code = normalize_uscc(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d."),
            code="uscc_length",
            params={"count": len(code)},
        )
    bad = sorted({c for c in code if c not in USCC_ALPHABET})
    if bad:
        raise ValidationError(
            _(
                "Character(s) %(chars)s cannot appear in a unified social credit code "
                "(it uses the digits and the capital letters except I, O, S, V and Z)."
            ),
            code="uscc_character",
            params={"chars": "、".join(bad)},
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            _("Characters 3 to 8 are the administrative division code and must be digits."),
            code="uscc_division",
        )
    if code[16] != organization_code_check_character(code[8:16]):
        raise ValidationError(
            _(
                "Character 17 (the check character of the organisation code) should be "
                "%(expected)s, not %(actual)s: please check characters 9 to 17."
            ),
            code="uscc_organization_check",
            params={"expected": organization_code_check_character(code[8:16]), "actual": code[16]},
        )
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _(
                "The last character (the check character) should be %(expected)s, not "
                "%(actual)s: one of the first 17 characters is probably mistyped."
            ),
            code="uscc_check",
            params={"expected": expected, "actual": code[17]},
        )


def make_uscc(prefix_8, organization_code_8):
    """A valid code from its first 8 characters and an 8-character organisation code (demo data)."""
    body = prefix_8 + organization_code_8
    body += organization_code_check_character(organization_code_8)
    return body + uscc_check_character(body)


UNSAFE_NAME = re.compile(r"[/\\\x00-\x1f\x7f]|%2f|%5c|^\.|\.\.", re.IGNORECASE)


def validate_upload_name(name):
    """Refuse a file name that carries a path, control characters or a leading dot."""
    if not name:
        raise ValidationError(_("The file has no name."), code="name_missing")
    if UNSAFE_NAME.search(name):
        raise ValidationError(
            _(
                "The file name %(name)s contains a path separator, a control character or a "
                "leading dot; rename the file and upload it again."
            ),
            code="name_unsafe",
            params={"name": name[:80]},
        )
    if len(name) > 150:
        raise ValidationError(
            _("The file name is longer than 150 characters."), code="name_too_long"
        )
