"""Write workflows for CMS content: each publishing organisation's scope (its section of the page
tree, its group and collection), creating opportunity lists, creating or updating opportunities.

The importer and the demo loader both go through these, so a page made from a spreadsheet row is
made exactly like one from the demo content: a revision is saved, and publishing is optional.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from .forms import check_rubric_weights
from .models import (
    ChallengePage,
    ChallengeTarget,
    HomePage,
    OpportunityListPage,
    OpportunityPage,
    PublisherSectionPage,
    RubricCriterion,
    ScenarioPage,
)

OPPORTUNITY_MODELS = {"scenario": ScenarioPage, "challenge": ChallengePage}
# What a publishing organisation's group may do in its own section: write and submit to the
# 审核发布 workflow, as the site-wide Editors group once could everywhere. Publishing stays with
# the moderators, who review site-wide.
SECTION_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page")
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)


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


def _group_name(organization):
    # Stored once, so written in the site's language whatever the request's.
    with translation.override(settings.LANGUAGE_CODE):
        return _("Publisher: %(organization)s") % {"organization": organization.name}


def _permissions(pairs):
    query = Permission.objects.none()
    for app_label, codename in pairs:
        query |= Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return list(query)


@transaction.atomic
def publisher_section_sync(organization):
    """Give the organisation its scope, or bring it up to date: a section under the home page, a
    group whose page rights are on that section only, a collection for its images and documents,
    and every list it publishes inside its section. Running it again changes nothing."""
    section = PublisherSectionPage.objects.filter(organization=organization).first()
    if section is None:
        home = HomePage.objects.get()
        section = PublisherSectionPage(
            title=organization.name,
            slug=_free_slug(home, organization.slug),
            organization=organization,
            live=False,
        )
        home.add_child(instance=section)
        section.save_revision().publish()

    group = section.group or Group.objects.filter(name=_group_name(organization)).first()
    if group is None:
        group = Group.objects.create(name=_group_name(organization))
    elif group.name != _group_name(organization):
        group.name = _group_name(organization)
        group.save(update_fields=["name"])
    group.permissions.add(*_permissions([("wagtailadmin", "access_admin")]))
    for permission in _permissions(
        ("wagtailcore", codename) for codename in SECTION_PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=section, permission=permission)

    collection = section.collection
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=organization.name)
    for permission in _permissions(COLLECTION_PERMISSIONS):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )

    if (section.group_id, section.collection_id) != (group.pk, collection.pk):
        section.group, section.collection = group, collection
        PublisherSectionPage.objects.filter(pk=section.pk).update(
            group=group, collection=collection
        )
    for list_page in OpportunityListPage.objects.filter(publisher=organization).not_descendant_of(
        section
    ):
        list_page.move(section, pos="last-child")
    return section


@transaction.atomic
def publisher_access_grant(user, organization):
    """Let the account work in this organisation's section, and in no other organisation's."""
    section = publisher_section_sync(organization)
    publisher_access_revoke(user, keep=section.group)
    user.groups.add(section.group)


def publisher_access_revoke(user, keep=None):
    """Take the account out of every organisation's group (but ``keep``)."""
    groups = Group.objects.filter(publisher_section__isnull=False, user=user)
    if keep is not None:
        groups = groups.exclude(pk=keep.pk)
    user.groups.remove(*groups)


def opportunity_list_get_or_create(
    *, title, publisher, slug="", defaults=None, publish=False, user=None
):
    """Find the opportunity list with this title on the site, or create it in its publisher's
    section (as a draft unless publish)."""
    existing = OpportunityListPage.objects.filter(title=title).first()
    if existing:
        if publish and not existing.live:
            existing.get_latest_revision().publish(user=user)
        return existing, False
    section = publisher_section_sync(publisher)
    list_page = OpportunityListPage(
        title=title,
        slug=_free_slug(section, slug or slugify(title, allow_unicode=True)),
        publisher=publisher,
        live=False,
        **(defaults or {}),
    )
    section.add_child(instance=list_page)
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
