"""Signal handlers: every change to what is live writes an outbox row in the same transaction;
a change to the vocabulary (synonyms, related terms, domains) refreshes the word segmentation, deleting a shipped
synonym group or related-terms entry leaves a tombstone so the dictionary does not bring it back, and renaming a domain,
region or organisation re-indexes the pages that name it.

Publish, unpublish, move and delete are what change the live site; saving a draft does not.
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.models import Domain, OpportunityPage, Organization, Region

from .indexing import record_page_change
from .models import IndexOperation, RelatedTerms, RetiredDictionaryGroup, Synonym
from .text import reset_tokenizer


def _is_opportunity(instance):
    """True for an opportunity page, whether the signal sent the specific page or the base one."""
    page_class = getattr(instance, "specific_class", None) or type(instance)
    return issubclass(page_class, OpportunityPage)


def on_published_or_moved(sender, instance, **kwargs):
    if _is_opportunity(instance):
        record_page_change(instance.pk)
        return
    # A list that is moved or republished changes its opportunities' URLs and list title.
    for page_id in OpportunityPage.objects.descendant_of(instance).values_list("pk", flat=True):
        record_page_change(page_id)


def on_unpublished(sender, instance, **kwargs):
    if _is_opportunity(instance):
        record_page_change(instance.pk, IndexOperation.Action.DELETE)


def on_deleted(sender, instance, **kwargs):
    if _is_opportunity(instance):
        record_page_change(instance.pk, IndexOperation.Action.DELETE)


page_published.connect(on_published_or_moved, dispatch_uid="search.page_published")
post_page_move.connect(on_published_or_moved, dispatch_uid="search.page_moved")
page_unpublished.connect(on_unpublished, dispatch_uid="search.page_unpublished")
post_delete.connect(on_deleted, dispatch_uid="search.page_deleted")


def on_vocabulary_changed(sender, **kwargs):
    reset_tokenizer()


def on_synonym_deleted(sender, instance, **kwargs):
    if instance.key:
        RetiredDictionaryGroup.objects.get_or_create(key=instance.key)
    reset_tokenizer()


def on_related_terms_deleted(sender, instance, **kwargs):
    if instance.is_shipped:
        RetiredDictionaryGroup.objects.get_or_create(key=instance.retired_key)
    reset_tokenizer()


def on_taxonomy_changed(sender, instance, created=False, **kwargs):
    """Index records carry domain, region and organisation names: re-index the live pages that
    name a renamed one (a new one is named by no page yet)."""
    if created:
        return
    live = OpportunityPage.objects.live()
    if isinstance(instance, Domain):
        pages = live.filter(domains__in=Domain.with_descendants(instance.slug))
    elif isinstance(instance, Region):
        pages = live.filter(region=instance)
    else:
        pages = live.filter(Q(scenariopage__publisher=instance) | Q(challengepage__issuer=instance))
    for page_id in pages.values_list("pk", flat=True).distinct():
        record_page_change(page_id)


post_save.connect(on_vocabulary_changed, sender=Synonym, dispatch_uid="search.synonym_saved")
post_delete.connect(on_synonym_deleted, sender=Synonym, dispatch_uid="search.synonym_deleted")
post_save.connect(
    on_vocabulary_changed, sender=RelatedTerms, dispatch_uid="search.related_terms_saved"
)
post_delete.connect(
    on_related_terms_deleted, sender=RelatedTerms, dispatch_uid="search.related_terms_deleted"
)
post_save.connect(on_vocabulary_changed, sender=Domain, dispatch_uid="search.domain_saved")
for taxonomy_model in (Domain, Region, Organization):
    post_save.connect(
        on_taxonomy_changed,
        sender=taxonomy_model,
        dispatch_uid=f"search.{taxonomy_model.__name__.lower()}_renamed",
    )
