"""What bid attachments and organisation certificates share: a file that scenarios/uploads.py
has checked, kept on private storage under a generated name, with what the uploader called it,
what it really is, its digest, and who brought it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Checked files are PDFs or images re-encoded as PNG or JPEG (scenarios/uploads.py).
EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}


class PrivateUpload(models.Model):
    """Subclasses add the `file` field, with the storage and the folder they keep it in."""

    original_name = models.CharField(_("file name"), max_length=150)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    @property
    def extension(self):
        return EXTENSIONS[self.content_type]

    def store(self, checked, uploaded_by):
        """Save a checked upload (scenarios.uploads.CheckedUpload): the file, then the row."""
        self.original_name = checked.name
        self.content_type = checked.content_type
        self.size = len(checked.content)
        self.sha256 = checked.sha256
        self.uploaded_by = uploaded_by
        self.file.save(checked.name, checked.as_file(), save=False)
        self.save()
        return self
