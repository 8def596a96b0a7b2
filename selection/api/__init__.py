"""The selection stage in the JSON API (/api/v1/review/…): the expert's and the publisher's
operations, one module per side, each a router added here."""

from ninja import Router

from .decisions import router as decisions_router
from .experts import router as experts_router

router = Router(tags=["review"])
router.add_router("", decisions_router)
router.add_router("", experts_router)
