"""Snippets shared by every opportunity: the domain taxonomy, regions and organisations."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class Domain(index.Indexed, models.Model):
    """An industry domain (领域/产业) in a two-level taxonomy: a top-level domain and its children."""

    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent domain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        help_text=_("Leave empty for a top-level domain. The taxonomy has two levels."),
    )
    sort_order = models.IntegerField(_("sort order"), default=0)

    search_fields = [index.SearchField("name"), index.SearchField("name_en")]

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="domain_unique_name_per_parent")
        ]

    def __str__(self):
        return f"{self.parent.name} / {self.name}" if self.parent_id else self.name

    @classmethod
    def grouped_choices(cls, value="pk", parents_selectable=False):
        """Choices for a select or a list of checkboxes: each top-level domain a group of its
        children, led by the top-level domain itself when it can be chosen."""
        children = {}
        for child in cls.objects.filter(parent__isnull=False):
            children.setdefault(child.parent_id, []).append(child)
        groups = []
        for parent in cls.objects.filter(parent__isnull=True):
            options = [(getattr(child, value), child.name) for child in children.get(parent.pk, [])]
            if parents_selectable:
                label = _("All of %(domain)s") % {"domain": parent.name}
                options.insert(0, (getattr(parent, value), label))
            if options:
                groups.append((parent.name, options))
        return groups

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent_id == self.pk:
            raise ValidationError({"parent": _("A domain cannot be its own parent.")})
        if self.parent.parent_id is not None:
            raise ValidationError(
                {"parent": _("The parent must be a top-level domain: the taxonomy has two levels.")}
            )
        if self.pk and self.children.exists():
            raise ValidationError(
                {"parent": _("This domain has children of its own, so it must stay top-level.")}
            )

    @classmethod
    def with_descendants(cls, slug):
        """The domain with this slug and its children, as a queryset."""
        return cls.objects.filter(Q(slug=slug) | Q(parent__slug=slug))


class Region(index.Indexed, models.Model):
    """A place opportunities belong to: a city, a district (区县), a high-tech zone or a park."""

    class Kind(models.TextChoices):
        CITY = "city", _("City")
        DISTRICT = "district", _("District")
        ZONE = "zone", _("High-tech zone")
        PARK = "park", _("Park")

    name = models.CharField(_("name"), max_length=80, unique=True)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )

    search_fields = [index.SearchField("name"), index.SearchField("name_en")]

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A region cannot be part of itself.")})
            ancestor = ancestor.parent


class Organization(index.Indexed, models.Model):
    """A publisher or issuing organisation: a government office, a park administration or an enterprise."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government office")
        PARK = "park", _("Park administration")
        ENTERPRISE = "enterprise", _("Enterprise")
        UNIVERSITY = "university", _("University")
        INSTITUTE = "institute", _("Research institute")

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organizations",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)

    search_fields = [index.SearchField("name"), index.SearchField("name_en")]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name
