"""Write workflows for CMS content: creating opportunity lists and creating or updating opportunities.

The importer and the demo loader both go through these, so a page made from a spreadsheet row is
made exactly like one from the demo content: a revision is saved, and publishing is optional.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .forms import check_rubric_weights
from .models import (
    ChallengePage,
    ChallengeTarget,
    HomePage,
    OpportunityListPage,
    OpportunityPage,
    RubricCriterion,
    ScenarioPage,
)

OPPORTUNITY_MODELS = {"scenario": ScenarioPage, "challenge": ChallengePage}


@dataclass
class UpsertResult:
    page: OpportunityPage
    created: bool


def _free_slug(parent, base):
    slug = base or "item"
    taken = set(parent.get_children().values_list("slug", flat=True))
    suffix = 2
    candidate = slug
    while candidate in taken:
        candidate = f"{slug}-{suffix}"
        suffix += 1
    return candidate


def opportunity_list_get_or_create(
    *, title, publisher, slug="", defaults=None, publish=False, user=None
):
    """Find the opportunity list with this title under the home page, or create it (as a draft unless publish)."""
    home = HomePage.objects.first()
    existing = OpportunityListPage.objects.child_of(home).filter(title=title).first()
    if existing:
        if publish and not existing.live:
            existing.get_latest_revision().publish(user=user)
        return existing, False
    list_page = OpportunityListPage(
        title=title,
        slug=_free_slug(home, slug or slugify(title, allow_unicode=True)),
        publisher=publisher,
        live=False,
        **(defaults or {}),
    )
    home.add_child(instance=list_page)
    revision = list_page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return list_page, True


@transaction.atomic
def opportunity_upsert(
    *,
    list_page,
    kind,
    ref,
    fields,
    domains=(),
    keywords=(),
    targets=(),
    rubric=(),
    publish=False,
    user=None,
):
    """Create the opportunity with this ref under the list, or save a new revision of it.

    ``targets`` are (indicator, target_value, unit) rows and ``rubric`` (criterion, weight) rows;
    both replace what the page had. Raises ValidationError, naming the field, on bad data.
    """
    model = OPPORTUNITY_MODELS[kind]
    existing = OpportunityPage.objects.child_of(list_page).filter(ref=ref).first()
    if existing is None:
        page = model(ref=ref, live=False, slug=_free_slug(list_page, slugify(ref)))
    else:
        page = existing.specific
        if not isinstance(page, model):
            raise ValidationError(
                {
                    "kind": _("%(ref)s is already a %(kind)s in this list.")
                    % {"ref": ref, "kind": page._meta.verbose_name}
                }
            )
        page = page.get_latest_revision_as_object()

    for name, value in fields.items():
        setattr(page, name, value)
    page.domains.set(list(domains))
    page.keywords.set(list(keywords))
    if model is ChallengePage:
        check_rubric_weights(weight for _criterion, weight in rubric)
        page.targets = [
            ChallengeTarget(indicator=indicator, target_value=value, unit=unit)
            for indicator, value, unit in targets
        ]
        page.rubric_criteria = [
            RubricCriterion(criterion=criterion, weight=weight) for criterion, weight in rubric
        ]

    if existing is None:
        page.full_clean(exclude=["path", "depth", "numchild", "url_path", "content_type"])
        list_page.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return UpsertResult(page=page, created=existing is None)
