"""Keeping the file name a browser or client really sent, so uploads can refuse a name with a
path in it instead of having it silently shortened (Django's parser strips the path)."""

import types

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
