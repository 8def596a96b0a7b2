"""The file picker of the company side's uploads: the native input, transparent over a button
labelled in the page's language (the browser labels its own in the browser's language)."""

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe


class FilePickerInput(forms.FileInput):
    """A file input rendered by site/templates/components/file_picker.html. The native input
    stays in place (transparent, over the button), so clicking, the keyboard, screen readers and
    uploads without JavaScript all still reach it; site/static/js/file-picker.js shows the
    chosen file's name."""

    template_name = "components/file_picker.html"

    def _render(self, template_name, context, renderer=None):
        # The project's template engine (site/templates), not the form renderer's own one.
        return mark_safe(render_to_string(template_name, context))
