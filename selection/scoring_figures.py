"""The arithmetic of the consensus (合议), on plain numbers: mean, median, spread, the panel's
aggregation rule and the outliers. No database here, so the rules are tested on figures."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
MEAN = "mean"
TRIMMED_MEAN = "trimmed_mean"
# The trimmed mean drops one highest and one lowest score, which needs three to leave one.
TRIM_FROM = 3


def rounded(value):
    """Two decimal places, half up (as a score sheet is written)."""
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def mean(values):
    values = [Decimal(v) for v in values]
    return rounded(sum(values) / len(values)) if values else None


def median(values):
    ordered = sorted(Decimal(v) for v in values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return rounded(ordered[middle])
    return rounded((ordered[middle - 1] + ordered[middle]) / 2)


def spread(values):
    """The distance between the highest and the lowest score."""
    values = [Decimal(v) for v in values]
    return rounded(max(values) - min(values)) if values else None


def aggregate(values, rule):
    """The panel's figure: the mean, or with `trimmed_mean` and at least three scores the mean
    without one highest and one lowest (with fewer, the plain mean: nothing can be dropped)."""
    values = sorted(Decimal(v) for v in values)
    if rule == TRIMMED_MEAN and len(values) >= TRIM_FROM:
        values = values[1:-1]
    return mean(values)


def outlier_indexes(values, maximum, share):
    """Positions of the scores further than share × maximum from the median (strictly)."""
    centre = median(values)
    if centre is None:
        return set()
    limit = Decimal(share) * Decimal(maximum)
    return {index for index, value in enumerate(values) if abs(Decimal(value) - centre) > limit}


@dataclass
class Figures:
    """The figures of one row (a criterion or the total) over the submitted sheets."""

    scores: list
    maximum: Decimal
    mean: Decimal | None = None
    median: Decimal | None = None
    spread: Decimal | None = None
    aggregate: Decimal | None = None
    outliers: set = field(default_factory=set)


def figures(values, *, maximum, rule, share):
    """All figures of one row; `outliers` holds positions in `values`."""
    values = [Decimal(v) for v in values]
    if not values:
        return Figures(scores=[], maximum=Decimal(maximum))
    return Figures(
        scores=values,
        maximum=Decimal(maximum),
        mean=mean(values),
        median=median(values),
        spread=spread(values),
        aggregate=aggregate(values, rule),
        outliers=outlier_indexes(values, maximum, share),
    )
