"""The JSON API at /api/v1/ (django-ninja): search (search/api.py) and bids (scenarios/api.py),
described at /api/v1/openapi.json and browsable at /api/v1/docs.

Every error answers in one shape, `{"detail": "...", "errors": {"field": ["message"]}}`: 422
names each bad field (the schema's checks and the services' alike), 403 says the account may not
do this. An unexpected error is never answered here: it goes on to Django, whose per-request
transaction then rolls back every write of the request."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from alerts.api import router as alerts_router
from scenarios.api import router as bids_router
from search.api import router as search_router
from selection.api import router as review_router

api = NinjaAPI(
    # Lazy: the docs page and the schema are read in the reader's language.
    title=gettext_lazy("Opportunity lists and technology challenges API"),
    version="1",
    description=(
        "Search the published application scenarios and technology challenges, and manage "
        "your organisation's bids. Bid operations take a session (with its CSRF token) or "
        "`Authorization: Bearer <token>` with a token created under /account/tokens/. "
        'Errors answer `{"detail": "...", "errors": {"field": ["message"]}}`.'
    ),
    urls_namespace="api-v1",
)
api.add_router("", search_router)
api.add_router("", bids_router)
api.add_router("/review", review_router)
api.add_router("", alerts_router)


# Where a value came from, the first part of a location; a body's next part is the name of the
# view's parameter (`payload`), not a field. Only these are dropped: a field may be named "query".
LOCATIONS = ("body", "query", "path", "header", "cookie", "form", "file")

# The schema's checks in Chinese, by pydantic's error type; another type keeps pydantic's text.
SCHEMA_MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "string_type": gettext_lazy("Give text."),
    "string_too_long": gettext_lazy("At most %(max_length)s characters."),
    "int_type": gettext_lazy("Give a whole number."),
    "int_parsing": gettext_lazy("Give a whole number."),
    "int_from_float": gettext_lazy("Give a whole number."),
    "float_type": gettext_lazy("Give a number."),
    "float_parsing": gettext_lazy("Give a number."),
    "bool_type": gettext_lazy("Give true or false."),
    "bool_parsing": gettext_lazy("Give true or false."),
    "dict_type": gettext_lazy("Give an object of names and values."),
    "list_type": gettext_lazy("Give a list."),
    "greater_than_equal": gettext_lazy("Give a value of at least %(ge)s."),
    "less_than_equal": gettext_lazy("Give a value of at most %(le)s."),
    "date_from_datetime_parsing": gettext_lazy("Give a date as YYYY-MM-DD."),
    "date_parsing": gettext_lazy("Give a date as YYYY-MM-DD."),
}


def _message(item):
    message = SCHEMA_MESSAGES.get(item.get("type"))
    if message is None:
        return item.get("msg", "")
    try:
        return str(message) % (item.get("ctx") or {})
    except (KeyError, TypeError, ValueError):
        return item.get("msg", "")


def _field_name(location):
    """('body', 'payload', 'milestones', 0, 'month') -> 'milestones[0].month'."""
    parts = list(location)
    if parts and parts[0] in LOCATIONS:
        kind = parts.pop(0)
        if kind == "body" and len(parts) > 1:
            parts.pop(0)
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "request"


@api.exception_handler(SchemaValidationError)
def schema_error(request, error):
    errors = {}
    for item in error.errors:
        errors.setdefault(_field_name(item.get("loc", ())), []).append(_message(item))
    detail = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items())
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(PermissionDenied)
def permission_denied(request, error):
    detail = str(error) or _("This account may not do this.")
    return api.create_response(request, {"detail": detail, "errors": {}}, status=403)


@api.exception_handler(Http404)
def not_found(request, error):
    detail = _("Nothing was found at this address.")
    return api.create_response(request, {"detail": detail, "errors": {}}, status=404)


@api.exception_handler(AuthenticationError)
def not_signed_in(request, error):
    detail = _("Sign in, or give a token: Authorization: Bearer <token>.")
    return api.create_response(request, {"detail": detail, "errors": {}}, status=401)


@api.exception_handler(HttpError)
def http_error(request, error):
    detail, errors = str(error), {}
    if error.status_code == 400 and detail.startswith("Cannot parse request body"):
        detail = _("The request body is not valid JSON.")
        errors = {"request": [detail]}
    return api.create_response(
        request, {"detail": detail, "errors": errors}, status=error.status_code
    )


@api.exception_handler(Exception)
def unexpected_error(request, error):
    # Ninja would answer a traceback under DEBUG and let the request's transaction commit;
    # Django's handler answers 500 and the transaction rolls back.
    raise error
