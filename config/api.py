"""The JSON API at /api/v1/ (django-ninja): search (search/api.py) and bids (scenarios/api.py),
described at /api/v1/openapi.json and browsable at /api/v1/docs."""

from ninja import NinjaAPI

from scenarios.api import router as bids_router
from search.api import router as search_router

api = NinjaAPI(
    title="Opportunity lists and technology challenges",
    version="1",
    description=(
        "Search the published application scenarios and technology challenges, and manage "
        "your organisation's bids. Bid operations take a session (with its CSRF token) or "
        "`Authorization: Bearer <token>` with a token created under /account/tokens/."
    ),
    urls_namespace="api-v1",
)
api.add_router("", search_router)
api.add_router("", bids_router)
