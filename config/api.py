"""The JSON API at /api/v1/ (django-ninja): search (search/api.py) and bids (scenarios/api.py),
described at /api/v1/openapi.json and browsable at /api/v1/docs.

Every error answers in one shape, `{"detail": "...", "errors": {"field": ["message"]}}`: 422
names each bad field (the schema's checks and the services' alike), 403 says the account may not
do this. An unexpected error is never answered here: it goes on to Django, whose per-request
transaction then rolls back every write of the request."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
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


def _field_name(location):
    """('body', 'payload', 'milestones', 0, 'month') -> 'milestones[0].month'."""
    parts = [part for part in location if part not in ("body", "payload", "query", "path")]
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "request"


@api.exception_handler(SchemaValidationError)
def schema_error(request, error):
    errors = {}
    for item in error.errors:
        errors.setdefault(_field_name(item.get("loc", ())), []).append(item.get("msg", ""))
    detail = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items())
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(PermissionDenied)
def permission_denied(request, error):
    detail = str(error) or _("This account may not do this.")
    return api.create_response(request, {"detail": detail, "errors": {}}, status=403)


@api.exception_handler(Exception)
def unexpected_error(request, error):
    # Ninja would answer a traceback under DEBUG and let the request's transaction commit;
    # Django's handler answers 500 and the transaction rolls back.
    raise error
