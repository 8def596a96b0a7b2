"""What the company and publisher views share: reporting a service's errors, storing an upload
through its service, private downloads, and finding the caller's organisation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from .. import selectors


def error_text(error):
    return " ".join(error.messages)


def add_service_errors(form, error, default_field=None):
    """Put a service's ValidationError on the form: on the field it names, else on default_field
    (or the form as a whole)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else default_field, errors)
    else:
        form.add_error(default_field, error)


def store_upload(request, upload, store):
    """Run the service that checks and stores an upload; say what became of the file."""
    try:
        stored = store(upload)
    except ValidationError as error:
        messages.error(
            request,
            _("%(name)s was refused: %(reason)s")
            % {"name": upload.name, "reason": error_text(error)},
        )
    else:
        messages.success(request, _("%(name)s was attached.") % {"name": stored})


def private_download(upload):
    """A checked private file (models.uploads.PrivateUpload) as a download nobody caches."""
    response = FileResponse(
        upload.file.open("rb"),
        as_attachment=True,
        filename=upload.original_name,
        content_type=upload.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def company_or_404(user):
    company = selectors.company_of(user)
    if company is None:
        raise Http404(_("This account does not belong to a bidding organisation."))
    return company


def publisher_or_404(user):
    organization = selectors.publisher_organization_of(user)
    if organization is None:
        raise Http404(_("This account does not publish for an organisation."))
    return organization
