"""Following (关注) one opportunity: the follower is told of answered questions (never who
asked) and of amendments."""

from django.urls import reverse

from alerts.models import Follow
from notifications.models import Notification
from scenarios.models import Clarification
from tests.alerts.conftest import publish
from tests.scenarios.conftest import make_company


def test_a_follower_is_told_of_answers_and_amendments(client, alice, battery_challenge):
    publish(battery_challenge)
    client.force_login(alice)
    page = client.get(battery_challenge.url).content.decode()
    assert "关注" in page
    client.post(reverse("alerts:follow", args=[battery_challenge.pk]), {"follow": "1"})
    assert Follow.objects.filter(user=alice, opportunity_id=battery_challenge.pk).exists()

    company, asker = make_company("连云港某某储能科技有限公司", "asker")
    question = Clarification.objects.create(
        opportunity=battery_challenge, company=company, asked_by=asker, question="是否接受联合体？"
    )
    assert not Notification.objects.filter(user=alice).exists()
    question.answer = "接受。"
    question.answered_by = alice
    question.answered_at = question.asked_at
    question.save()
    (answered,) = Notification.objects.filter(user=alice)
    assert "是否接受联合体" in answered.body
    assert company.name not in answered.body

    battery_challenge.summary = "电芯热失控提前十分钟预警。"
    publish(battery_challenge)
    assert Notification.objects.filter(user=alice).count() == 2

    client.post(reverse("alerts:follow", args=[battery_challenge.pk]), {"follow": "0"})
    assert not Follow.objects.exists()
