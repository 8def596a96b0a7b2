"""The selection stage in the JSON API (/api/v1/review/…): the expert's and the publisher's
operations, one module per side, each a router added here."""

from ninja import Router

router = Router(tags=["review"])

from .experts import router as experts_router  # noqa: E402

router.add_router("", experts_router)
