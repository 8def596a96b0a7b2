"""URLs of the company and publisher side: /account/, /bids/, /opportunities/<id>/…, /publisher/."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

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
    path("profile/certificates/<int:pk>/", views.certificate_download, name="certificate"),
    path(
        "profile/certificates/<int:pk>/delete/",
        views.certificate_remove,
        name="certificate_remove",
    ),
    path("members/", views.members, name="members"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("members/<int:pk>/make-owner/", views.member_make_owner, name="member_make_owner"),
    path("notifications/", views.notifications, name="notifications"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("bids/", views.my_bids, name="bids"),
]

bid_patterns = [
    path("<int:pk>/", views.bid_detail, name="detail"),
    path("<int:pk>/submit/", views.bid_submit, name="submit"),
    path("<int:pk>/withdraw/", views.bid_withdraw, name="withdraw"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_id>/delete/",
        views.attachment_remove,
        name="attachment_remove",
    ),
]

opportunity_patterns = [
    path("<int:page_id>/bid/", views.bid_start, name="bid_start"),
    path("<int:page_id>/questions/", views.question_ask, name="question_ask"),
]

publisher_patterns = [
    path("", views.publisher_desk, name="desk"),
    path("questions/<int:pk>/answer/", views.question_answer, name="answer"),
]

urlpatterns = [
    path("account/", include((account_patterns, "account"))),
    path("bids/", include((bid_patterns, "bids"))),
    path("opportunities/", include((opportunity_patterns, "opportunities"))),
    path("publisher/", include((publisher_patterns, "publisher"))),
]
