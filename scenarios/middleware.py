"""Keeping the file name a browser or client really sent, so uploads can refuse a name with a
path in it instead of having it silently shortened (Django's parser strips the path); keeping
answers to signed-in or bearer-token requests out of every cache; the Content-Security-Policy
and the Permissions-Policy."""

import types

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http.multipartparser import MultiPartParser
from django.utils.datastructures import ImmutableList


class NameKeepingMultiPartParser(MultiPartParser):
    """Django's multipart parser, remembering each submitted name it had to sanitize."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitted_names = {}

    def sanitize_file_name(self, file_name):
        clean = super().sanitize_file_name(file_name)
        if clean is not None and clean != file_name:
            self.submitted_names[clean] = file_name
        return clean

    def parse(self):
        post, files = super().parse()
        for _field, uploads in files.lists():
            for upload in uploads:
                upload.submitted_name = self.submitted_names.get(upload.name, upload.name)
        return post, files


def _parse_file_upload(request, META, post_data):
    request.upload_handlers = ImmutableList(
        request.upload_handlers,
        warning="You cannot alter upload handlers after the upload has been processed.",
    )
    parser = NameKeepingMultiPartParser(META, post_data, request.upload_handlers, request.encoding)
    return parser.parse()


class SubmittedFileNameMiddleware:
    """Installs the name-keeping parser on each request before anything reads its body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.parse_file_upload = types.MethodType(_parse_file_upload, request)
        return self.get_response(request)


class PrivateResponsesNotStoredMiddleware:
    """An answer to a signed-in browser (a bid, a dashboard, the admin) or to a request that
    carried credentials (a bearer token for the API) is private: no shared cache may keep it and
    no browser may write it to disk, where the next user of the machine or a proxy would find it.
    A view that chose its own Cache-Control keeps it.

    Anonymous requests are judged without loading a session (no cookie, no session to read), so
    public pages stay cacheable and do not gain a "Vary: Cookie"."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response and self._is_private(request):
            response["Cache-Control"] = "private, no-store"
        return response

    @staticmethod
    def _is_private(request):
        if "HTTP_AUTHORIZATION" in request.META:
            return True
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        user = getattr(request, "user", None)
        return user is not None and user.is_authenticated


class PermissionsPolicyMiddleware:
    """Sets settings.PERMISSIONS_POLICY (a header value) on every response that has none: the
    browser features no page of the platform uses are switched off for it and its frames."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "PERMISSIONS_POLICY", "")

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.policy
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with inline scripts allowed only under the paths named in
    settings.CSP_INLINE_SCRIPT_PATHS: Wagtail 8's admin widgets (date choosers, choosers,
    inline panels) and the HTML its modals load write inline <script> elements with per-field
    data, which neither a hash nor a nonce can cover. The public site and the API docs keep
    scripts from our own files only."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        paths = tuple(getattr(settings, "CSP_INLINE_SCRIPT_PATHS", ()))
        if paths and request.path_info.startswith(paths) and parts.update is None:
            parts.update = {"script-src": ["'unsafe-inline'"]}
        return parts
