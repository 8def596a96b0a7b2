"""factory_boy factories for the CMS snippets and pages (pages through wagtail_factories)."""

from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone

from cms.models import (
    ChallengePage,
    Domain,
    OpportunityListPage,
    Organization,
    Region,
    ScenarioPage,
)


class DomainFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"领域{n}")
    slug = factory.Sequence(lambda n: f"domain-{n}")

    class Meta:
        model = Domain


class RegionFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"高新区{n}")
    slug = factory.Sequence(lambda n: f"region-{n}")
    kind = Region.Kind.ZONE

    class Meta:
        model = Region


class OrganizationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"示例单位{n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = Organization.Kind.GOVERNMENT
    region = factory.SubFactory(RegionFactory)

    class Meta:
        model = Organization


class OpportunityListPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"2025年第{n}批城市机会清单")
    publisher = factory.SubFactory(OrganizationFactory)
    introduction = "<p>从给政策向给场景转变，定期发布城市机会清单。</p>"

    class Meta:
        model = OpportunityListPage


class OpportunityPageFactory(wagtail_factories.PageFactory):
    summary = "面向城市治理的新技术应用场景。"
    region = factory.SubFactory(RegionFactory)
    application_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))

    @factory.post_generation
    def domains(self, create, extracted, **kwargs):
        if extracted:
            self.domains.set(extracted)
            if create:
                self.save()


class ScenarioPageFactory(OpportunityPageFactory):
    title = factory.Sequence(lambda n: f"智慧路灯应用场景{n}")
    publisher = factory.SubFactory(OrganizationFactory)
    level = ScenarioPage.Level.CITY

    class Meta:
        model = ScenarioPage
        skip_postgeneration_save = True


class ChallengePageFactory(OpportunityPageFactory):
    title = factory.Sequence(lambda n: f"锂电池热失控预警技术攻关{n}")
    issuer = factory.SubFactory(OrganizationFactory, kind=Organization.Kind.ENTERPRISE)
    problem = "<p>储能电站热失控预警时间不足，需要提前预警。</p>"
    bounty_wan = 300

    class Meta:
        model = ChallengePage
        skip_postgeneration_save = True


def days_from_now(days):
    return timezone.now() + timedelta(days=days)
