"""Builds the demo site from content.json: taxonomy, organisations, lists, opportunities, accounts.

Idempotent: what already exists (matched by slug, list title or reference number) is left as it is,
so running it twice changes nothing and editors' changes to demo pages survive a re-run.
"""

import io
import json
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.images.models import Image

from cms.models import Domain, OpportunityPage, Organization, Region
from cms.services import (
    opportunity_list_get_or_create,
    opportunity_upsert,
    publisher_section_sync,
)
from scenarios.models import PublisherMembership

from .images import cover_png, logo_png

CONTENT_FILE = Path(__file__).with_name("content.json")
DEMO_PASSWORD = "demo-pass-2025"
# username, group (None for a plain account), role shown at the end of load_demo
DEMO_ACCOUNTS = [
    ("admin", "superuser", "site administrator"),
    (
        "editor",
        None,
        "writes the lists and opportunities of 连云港高新区管委会, submits them for review",
    ),
    ("moderator", "Moderators", "reviews and publishes on the whole site"),
    (
        "publisher",
        None,
        "the publishing office of 海州区科学技术局: its lists, questions and opened bids",
    ),
    ("company_a", None, "an enterprise that bids"),
    ("company_b", None, "a second enterprise that bids"),
    ("company_c", None, "a third enterprise that bids (closed challenges only)"),
    ("reviewer_1", None, "expert reviewer / panel chair"),
    ("reviewer_2", None, "expert reviewer / panel chair"),
    *((f"reviewer_{n}", None, "expert reviewer") for n in range(3, 10)),
]
# Accounts that work for a publishing organisation (slug): in the admin they reach only its section.
DEMO_PUBLISHERS = {"editor": "lyg-hitech-committee", "publisher": "haizhou-kjj"}


@dataclass
class DemoReport:
    """How many of each kind of thing were created, and how many were already there."""

    counts: dict = field(default_factory=dict)

    def count(self, what, created):
        tally = self.counts.setdefault(what, {"created": 0, "existing": 0})
        tally["created" if created else "existing"] += 1


def _at(days, hour):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _paragraphs_html(paragraphs):
    return "".join(f"<p>{escape(text)}</p>" for text in paragraphs)


def _image(title, data, filename):
    image = Image.objects.filter(title=title).first()
    if image:
        return image, False
    image = Image(title=title)
    image.file.save(filename, ImageFile(io.BytesIO(data), name=filename), save=False)
    image.save()
    return image, True


class DemoBuilder:
    def __init__(self, content_file=CONTENT_FILE, progress=None):
        self.content = json.loads(Path(content_file).read_text(encoding="utf-8"))
        self.progress = progress or (lambda items, **kwargs: items)
        self.report = DemoReport()
        self.domains, self.regions, self.organizations, self.lists = {}, {}, {}, {}

    @transaction.atomic
    def build(self):
        self._taxonomy()
        self._organizations()
        self._lists()
        self._opportunities()
        self._accounts()
        return self.report

    def _taxonomy(self):
        for order, top in enumerate(self.content["domains"]):
            parent = self._domain(top, None, order)
            for child_order, child in enumerate(top.get("children", [])):
                self._domain(child, parent, child_order)
        for item in self.content["regions"]:
            region, created = Region.objects.get_or_create(
                slug=item["slug"],
                defaults={
                    "name": item["name"],
                    "name_en": item.get("name_en", ""),
                    "kind": item.get("kind", ""),
                    "parent": self.regions.get(item.get("parent")),
                },
            )
            self.regions[item["slug"]] = region
            self.report.count("regions", created)

    def _domain(self, item, parent, order):
        domain, created = Domain.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "name_en": item.get("name_en", ""),
                "parent": parent,
                "sort_order": order,
            },
        )
        self.domains[item["slug"]] = domain
        self.report.count("domains", created)
        return domain

    def _organizations(self):
        for item in self.content["organizations"]:
            organization, created = Organization.objects.get_or_create(
                slug=item["slug"],
                defaults={
                    "name": item["name"],
                    "name_en": item.get("name_en", ""),
                    "kind": item["kind"],
                    "region": self.regions.get(item.get("region")),
                    "description": item.get("description", ""),
                    "website": item.get("website", ""),
                },
            )
            if organization.logo_id is None:
                organization.logo, _ = _image(
                    f"标志 {organization.name}", logo_png(item["slug"]), f"logo-{item['slug']}.png"
                )
                organization.save(update_fields=["logo"])
            self.organizations[item["slug"]] = organization
            self.report.count("organisations", created)

    def _lists(self):
        for item in self.content["lists"]:
            issued_on = timezone.localdate() + timedelta(days=item["issued_offset_days"])
            list_page, created = opportunity_list_get_or_create(
                title=item["title"],
                slug=item["slug"],
                publisher=self.organizations[item["publisher"]],
                defaults={
                    "region": self.regions.get(item.get("region")),
                    "issued_on": issued_on,
                    "introduction": _paragraphs_html(item["introduction"]),
                },
                publish=True,
            )
            if created:
                self._backdate(list_page, issued_on)
            self.lists[item["slug"]] = list_page
            self.report.count("opportunity lists", created)
        # Also moves the lists of a demo loaded before organisations had sections.
        for organization in {list_page.publisher for list_page in self.lists.values()}:
            publisher_section_sync(organization)

    def _backdate(self, page, day):
        moment = timezone.make_aware(datetime.combine(day, time(9, 30)))
        type(page).objects.filter(pk=page.pk).update(
            first_published_at=moment, last_published_at=moment
        )

    def _opportunities(self):
        items = [("scenario", item) for item in self.content["scenarios"]] + [
            ("challenge", item) for item in self.content["challenges"]
        ]
        for kind, item in self.progress(items, desc="opportunities", unit="page"):
            list_page = self.lists[item["list"]]
            if OpportunityPage.objects.child_of(list_page).filter(ref=item["ref"]).exists():
                self.report.count(f"{kind}s", False)
                continue
            self._create_opportunity(kind, item, list_page)
            self.report.count(f"{kind}s", True)

    def _create_opportunity(self, kind, item, list_page):
        top_domain = self.domains[item["domains"][0]]
        palette = (top_domain.parent or top_domain).slug
        cover, _ = _image(
            f"封面 {item['ref']}",
            cover_png(item["ref"], palette),
            f"cover-{item['ref'].lower()}.png",
        )
        contact = item.get("contact", {})
        fields = {
            "title": item["title"],
            "region": self.regions.get(item.get("region")),
            "application_opens": _at(item["opens_offset_days"], 9),
            "application_deadline": _at(item["deadline_offset_days"], 17),
            "cover_image": cover,
            "contact_name": contact.get("name", ""),
            "contact_phone": contact.get("phone", ""),
            "contact_email": contact.get("email", ""),
        }
        targets, rubric = (), ()
        if kind == "scenario":
            resources = item.get("resources", {})
            fields.update(
                summary=item["summary"],
                level=item["level"],
                publisher=self.organizations[item["publisher"]],
                description=[self._block(block) for block in item["description"]],
                sought=item.get("sought", ""),
                resources_sites=resources.get("sites", ""),
                resources_data=resources.get("data", ""),
                resources_funding=resources.get("funding", ""),
                cooperation_mode=item.get("cooperation_mode", ""),
                budget_min_wan=item.get("budget_min_wan"),
                budget_max_wan=item.get("budget_max_wan"),
            )
        else:
            fields.update(
                summary=item.get("summary") or item["problem"][0][:140],
                issuer=self.organizations[item["issuer"]],
                problem=_paragraphs_html(item["problem"]),
                qualifications="<ol>"
                + "".join(f"<li>{escape(text)}</li>" for text in item["qualifications"])
                + "</ol>",
                bounty_wan=item.get("bounty_wan"),
                implementation_months=item.get("period_months"),
                selection_mode=item["selection_mode"],
                winners_count=item["winners"],
            )
            targets = [
                (row["indicator"], row["target"], row.get("unit", "")) for row in item["targets"]
            ]
            rubric = [(row["criterion"], row["weight"]) for row in item["rubric"]]
        result = opportunity_upsert(
            list_page=list_page,
            kind=kind,
            ref=item["ref"],
            fields=fields,
            domains=[self.domains[slug] for slug in item["domains"]],
            keywords=item.get("keywords", []),
            targets=targets,
            rubric=rubric,
            publish=True,
        )
        self._backdate(result.page, max(list_page.issued_on, fields["application_opens"].date()))

    @staticmethod
    def _block(block):
        if block["type"] == "table":
            table = block["value"]
            return (
                "table",
                {
                    "data": [table["columns"], *table["rows"]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": table.get("caption", ""),
                },
            )
        if block["type"] == "heading":
            return ("heading", block["value"])
        return ("paragraph", f"<p>{escape(block['value'])}</p>")

    def _accounts(self):
        for username, group, _role in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@demo.example.cn"}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                if group == "superuser":
                    user.is_staff = user.is_superuser = True
                user.save()
            if group and group != "superuser":
                user.groups.add(Group.objects.get(name=group))
            if username in DEMO_PUBLISHERS:
                # Saving the link puts the account in its organisation's group (scenarios.signals).
                PublisherMembership.objects.get_or_create(
                    user=user,
                    defaults={"organization": self.organizations[DEMO_PUBLISHERS[username]]},
                )
            self.report.count("accounts", created)
