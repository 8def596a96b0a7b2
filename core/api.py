"""What every part of the JSON API shares: the one shape of an error answer."""

from ninja import Schema


class Problem(Schema):
    """An error: a sentence for people, and the message(s) of each field it concerns."""

    detail: str
    errors: dict[str, list[str]] = {}
