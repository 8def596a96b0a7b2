"""`BenchOpportunity`: one generated scenario or challenge, indexed by Wagtail's own search
(modelsearch) with the text and weights our records give each field: keywords with the domain
names (our keywords_text), the body with the region name (our body), and the facets as filters."""

from django.db import models
from wagtail.search import index


class BenchOpportunity(index.Indexed, models.Model):
    ref = models.CharField(max_length=32)
    kind = models.CharField(max_length=16)
    title = models.CharField(max_length=255)
    summary = models.TextField()
    body = models.TextField()
    keywords = models.TextField()
    domains = models.CharField(max_length=255)
    region = models.CharField(max_length=64)
    amount_wan = models.FloatField(null=True)
    deadline = models.DateTimeField()
    published_at = models.DateTimeField()

    search_fields = [
        index.SearchField("title", boost=6),
        index.SearchField("keywords", boost=5),
        index.SearchField("domains", boost=5),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("region"),
        index.FilterField("kind"),
        index.FilterField("domains"),
        index.FilterField("region"),
    ]

    def __str__(self):
        return f"{self.ref} {self.title}"
