"""URLs of the company and publisher side: /account/, /bids/, /opportunities/<id>/…, /publisher/."""

from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from . import views


class RecordIdConverter:
    """A database key in a URL: a number beyond 64 bits names nothing, so it is a 404, not an
    overflow in the database driver."""

    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if number > 2**63 - 1:
            raise ValueError(value)
        return number

    def to_url(self, value):
        return str(value)


register_converter(RecordIdConverter, "id")

account_patterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="account/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("", views.dashboard, name="dashboard"),
    path("profile/", views.profile, name="profile"),
    path("profile/certificates/", views.certificate_add, name="certificate_add"),
    path("profile/certificates/<id:pk>/", views.certificate_download, name="certificate"),
    path(
        "profile/certificates/<id:pk>/delete/",
        views.certificate_remove,
        name="certificate_remove",
    ),
    path("members/", views.members, name="members"),
    path("members/<id:pk>/remove/", views.member_remove, name="member_remove"),
    path("members/<id:pk>/make-owner/", views.member_make_owner, name="member_make_owner"),
    path("notifications/", views.notifications, name="notifications"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<id:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("bids/", views.my_bids, name="bids"),
]

bid_patterns = [
    path("<id:pk>/", views.bid_detail, name="detail"),
    path("<id:pk>/break-glass/", views.bid_break_glass, name="break_glass"),
    path("<id:pk>/submit/", views.bid_submit, name="submit"),
    path("<id:pk>/withdraw/", views.bid_withdraw, name="withdraw"),
    path("<id:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path(
        "<id:pk>/attachments/<id:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "<id:pk>/attachments/<id:attachment_id>/delete/",
        views.attachment_remove,
        name="attachment_remove",
    ),
]

opportunity_patterns = [
    path("<id:page_id>/bid/", views.bid_start, name="bid_start"),
    path("<id:page_id>/questions/", views.question_ask, name="question_ask"),
]

publisher_patterns = [
    path("", views.publisher_desk, name="desk"),
    path("questions/<id:pk>/answer/", views.question_answer, name="answer"),
]

urlpatterns = [
    path("account/", include((account_patterns, "account"))),
    path("bids/", include((bid_patterns, "bids"))),
    path("opportunities/", include((opportunity_patterns, "opportunities"))),
    path("publisher/", include((publisher_patterns, "publisher"))),
]
