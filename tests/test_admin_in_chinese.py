"""Wagtail's admin in Chinese, as the demo editor, moderator and administrator see it: the main
pages (dashboard, page explorer, the edit pages of a list, a scenario and a challenge, the
snippet listings, the bidding views, the reports) rendered in zh-hans show no English text of
ours, neither a message of our catalogue left untranslated nor a label our code never marked
for translation. English that comes from Wagtail's or Django's own untranslated messages is
listed in WAGTAIL_UNTRANSLATED and allowed (we do not fork Wagtail)."""

import gettext
import io
import re
from functools import cache
from pathlib import Path

import django
import pytest
import wagtail
from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import CharField, TextField
from django.test import override_settings

from cms.models import ChallengePage, OpportunityListPage, ScenarioPage
from scenarios.models import Company

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
OUR_CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
# A run of Latin words as a reader sees it: at least two letters, words joined by spaces and
# light punctuation.
ENGLISH = re.compile(r"[A-Za-z][A-Za-z'’.,:;!?&/()\- ]*[A-Za-z.)]")
DATA_APPS = {"cms", "scenarios", "search", "notifications", "auth", "wagtailcore", "taggit"}
# Names and codes that read the same in Chinese text: file types, units, the product's name.
DATA = {"Wagtail", "PDF", "CSV", "XLSX", "URL", "KB", "MB", "GB"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\w*\}")
# Keys on the keyboard, as Wagtail's shortcut help names them.
KEYS = {"Ctrl", "Shift", "Alt", "Esc", "Cmd", "Option"}
# Wagtail's English that is in no catalogue (written in its templates and JavaScript as is).
UPSTREAM_HARD_CODED = {"Actions"}
# English inside Wagtail's Chinese messages (the slug's help: 如http://domain.com/work/[my-work]/).
DATA |= {"http://domain.com/work", "my-work"}
# Wagtail 8.0's own English on these pages under zh-hans: messages its zh_Hans catalogue does
# not translate, or text it never marked. Reported upstream's way (Transifex), not forked here.
WAGTAIL_UNTRANSLATED = {
    "A network error occurred",
    "API",
    "Actions",
    "Actions (footer",
    "Add or show comments",
    "Any",
    "Anyone",
    "Anyone can edit this",
    "Anyone with editing permissions can create schedules",
    "Application",
    "Autosave is",
    "Autosave is paused",
    "But only those with publishing permissions can make them effective",
    "By task",
    "By workflow",
    "Checks",
    "Choose when this page should go live and/or expire",
    "Choose who can view the live version of this page",
    "Close modal dialogs (like this one",
    "Content metrics",
    "Correct the validation errors to resume preview (saving will highlight errors",
    "Cut",
    "Date updated",
    "Documents",
    "Edit account avatar",
    "Edited by",
    "Exploring",
    "Exploring: Root",
    "Exploring: Root - Wagtail",
    "Go to the first error",
    "Has child pages",
    "How we calculate our metrics",
    "If you just want to add pages to an existing site, create them as children of the homepage instead",
    "Images",
    "Insert or edit a link",
    "Is commenting action",
    "Keyboard shortcuts are currently enabled; manage your",
    "Locked by",
    "Locking",
    "Monospace (code",
    "None",
    "Page type",
    "Pages",
    "Pages created here will not be accessible at any URL. To add pages to an existing site, create them as children of the homepage",
    "Paste",
    "Paste without formatting",
    "Readability",
    "Reading time",
    "Referenced",
    "Save changes",
    "Save your changes before leaving",
    "Saved",
    "Schedule to publish",
    "Search all pages",
    "Section",
    "See our",
    "Show issue",
    "Show keyboard shortcuts",
    "Sort by",
    "Strike-through",
    "Text editing",
    "Text formatting",
    "The root level is where you can add new sites to your Wagtail installation. Pages created here will not be accessible at any URL until they are associated with a site",
    "This data explained",
    "This publishing schedule will only take effect after you select the",
    "Toggle checks",
    "Toggle minimap",
    "Troubleshoot your connection to the site before proceeding. Open the editor in a separate tab to view the last saved version",
    "View latest version",
    "We calculate reading time from word count, using different reading speeds for different languages",
    "We extract the main content from the page preview, remove all formatting, and calculate the number of words",
    "We use a readability formula based on length of words and sentences. Long sentences and words result in a worse readability score",
    "Words",
    "content checks guide",
    "created in",
    "editor guide",
    "for more information on how content metrics are calculated",
    "html",
    "in ascending order",
    "lock it to prevent others from editing",
    "option",
    "paused",
    "times",
    "to disable them",
}


def _msgids(po_file):
    """The msgids of a .po file (multi-line ones joined)."""
    ids, current, reading = set(), [], False
    for line in po_file.read_text(encoding="utf-8").splitlines():
        if line.startswith(("msgid ", "msgid_plural ")):
            if current:
                ids.add("".join(current))
            current, reading = [line.split(" ", 1)[1].strip()[1:-1]], True
        elif line.startswith('"') and reading:
            current.append(line.strip()[1:-1])
        else:
            if current and reading and "".join(current):
                ids.add("".join(current))
            current, reading = [], False
    return {msgid.replace('\\"', '"').replace("\\n", "\n") for msgid in ids if msgid}


@cache
def our_msgids():
    """Our catalogue's English messages (longer than 3 characters, with some Latin letter)."""
    with OUR_CATALOGUE.open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog
    ids = {key[0] if isinstance(key, tuple) else key for key in catalog}
    return {msgid for msgid in ids if len(msgid) > 3 and re.search("[A-Za-z]{2}", msgid)}


@cache
def upstream_msgids():
    """Every English message of Wagtail's and Django's catalogues."""
    ids = set()
    for package in (wagtail, django):
        for po_file in Path(package.__file__).parent.rglob("locale/en/LC_MESSAGES/*.po"):
            ids |= _msgids(po_file)
    return ids


@cache
def upstream_openings():
    """The literal openings of upstream messages with a placeholder ("Exploring: %(title)s"
    gives "Exploring:"), four characters or more."""
    openings = set()
    for msgid in upstream_msgids():
        opening = PLACEHOLDER.split(msgid, maxsplit=1)[0].strip()
        if len(opening) >= 4 and opening != msgid.strip():
            openings.add(opening)
    return tuple(openings)


def is_upstream(run):
    """Wagtail's or Django's: one of their messages, part of one, or one of them as a title
    followed by ": " and data ("Exploring: Root")."""
    return (
        run in UPSTREAM_HARD_CODED
        or run.split(":", 1)[0] in upstream_msgids()
        or run.startswith(upstream_openings())
        or any(run in msgid for msgid in upstream_msgids())
    )


def is_data(run, data):
    """Data from the database, or names and codes that read the same in Chinese text; a list
    the admin joins with " / " (a synonym group's terms) is data when each of its items is."""
    return all(item in data or item in DATA or item in KEYS for item in run.split(" / ") if item)


def text_of(html):
    """What a reader meets, one piece per text node (no scripts, styles or icons), and the
    labels read out or shown on hover."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "noscript", "svg"]):
        hidden.decompose()
    parts = [" ".join(node.split()) for node in soup.find_all(string=True)]
    for attribute in ("aria-label", "title", "placeholder"):
        parts += [element[attribute] for element in soup.find_all(attrs={attribute: True})]
    return [part for part in parts if part]


def english_runs(parts):
    runs = set()
    for part in parts:
        for match in ENGLISH.finditer(part):
            run = match.group().strip(" .,:;()")
            if len(run) > 1:
                runs.add(run)
    return runs


def admin_pages():
    listing = OpportunityListPage.objects.order_by("path").first()
    scenario = ScenarioPage.objects.order_by("path").first()
    challenge = ChallengePage.objects.order_by("path").first()
    company = Company.objects.order_by("pk").first()
    return [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{listing.get_parent().pk}/",
        f"/admin/pages/{listing.pk}/",
        f"/admin/pages/{listing.pk}/edit/",
        f"/admin/pages/{scenario.pk}/edit/",
        f"/admin/pages/{challenge.pk}/edit/",
        "/admin/snippets/",
        "/admin/snippets/cms/domain/",
        "/admin/snippets/cms/region/",
        "/admin/snippets/cms/organization/",
        "/admin/snippets/search/synonym/",
        "/admin/bidding/organisations/",
        f"/admin/bidding/organisations/inspect/{company.pk}/",
        f"/admin/bidding/organisations/edit/{company.pk}/",
        "/admin/bidding/audit/",
        "/admin/bidding/bid-counts/",
        "/admin/reports/locked/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
    ]


@pytest.fixture(scope="module")
def demo_admin(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once for the module, in a transaction rolled back when it ends."""
    media = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("private"),
        SEARCH_EMBEDDED_PATH=tmp_path_factory.mktemp("search") / "search.sqlite3",
        ELASTICSEARCH_URL="",
    )
    with media, django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media_in_tmp():
    """The module fixture owns MEDIA_ROOT here (overrides the suite-wide fixture)."""


def rendered(client, username):
    """{url: text parts} of the admin pages this account may open (others answer 302/403)."""
    client.force_login(get_user_model().objects.get(username=username))
    pages = {}
    for url in admin_pages():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code in (200, 302, 403), (username, url, response.status_code)
        if response.status_code == 200:
            pages[url] = text_of(response.content.decode())
    client.logout()
    return pages


def data_texts():
    """Every text the database holds in our models, Wagtail's pages and the accounts: shown
    in the admin as data (names, English names, slugs, codes, notes), not as labels."""
    texts = []
    for model in apps.get_models():
        if model._meta.app_label not in DATA_APPS or model._meta.label == "auth.Permission":
            continue  # permission names are Django's English, never shown on these pages
        names = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, (CharField, TextField)) and not field.choices
        ]
        for row in model.objects.values_list(*names):
            texts.extend(str(value) for value in row if value)
    return "\n".join(texts)


def english_left(pages, data):
    """(ours, upstream): the English runs of the rendered pages that are messages of our
    catalogue left untranslated or English our code never marked, by run with a page showing
    it; and those that Wagtail's or Django's catalogues hold (their untranslated messages, or
    text of theirs not marked at all). Runs that are data from the database are left out."""
    ours_msgids = our_msgids()
    ours, theirs = {}, {}
    for username, rendered_pages in pages.items():
        for url, parts in rendered_pages.items():
            for run in english_runs(parts):
                if is_data(run, data):
                    continue
                if is_upstream(run):
                    theirs.setdefault(run, f"{username} {url}")
                else:
                    # A message of our catalogue shown in English, or a label never marked.
                    how = " (in our catalogue)" if run in ours_msgids else ""
                    ours.setdefault(run, f"{username} {url}{how}")
    return ours, theirs


def test_the_admin_shows_no_english_of_ours_in_chinese(client, demo_admin):
    pages = {username: rendered(client, username) for username in ("editor", "moderator", "admin")}
    assert all(pages.values())
    ours, theirs = english_left(pages, data_texts())
    assert ours == {}
    new = sorted(set(theirs) - WAGTAIL_UNTRANSLATED)
    assert not new, "Wagtail's English not listed yet:\n" + "\n".join(map(repr, new))


def test_the_check_finds_an_unmarked_label_and_an_untranslated_message():
    page = {
        "admin": {"/admin/x/": ["Certificates", "Sort by '名称' in ascending order.", "人工智能"]}
    }
    assert english_left(page, "") == (
        {"Certificates": "admin /admin/x/"},
        {"Sort by": "admin /admin/x/", "in ascending order": "admin /admin/x/"},
    )
    untranslated = {"admin": {"/admin/x/": ["Bids per opportunity"]}}
    assert english_left(untranslated, "")[0] == {
        "Bids per opportunity": "admin /admin/x/ (in our catalogue)"
    }
