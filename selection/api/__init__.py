"""The selection stage in the JSON API (/api/v1/review/…): the expert's and the publisher's
operations, one module per side, each a router added here."""

from ninja import Router

router = Router(tags=["review"])
