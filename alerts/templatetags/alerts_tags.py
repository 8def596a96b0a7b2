"""Template tags of alerts: whether the signed-in account follows an opportunity."""

from django import template

from ..models import Follow

register = template.Library()


@register.simple_tag(takes_context=True)
def is_following(context, opportunity):
    user = context["request"].user
    return (
        user.is_authenticated
        and Follow.objects.filter(user=user, opportunity_id=opportunity.pk).exists()
    )
