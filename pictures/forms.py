"""The base form of every Wagtail image upload (settings.WAGTAILIMAGES_IMAGE_FORM_BASE): an
unsafe SVG is refused with a clear message before it is stored, and a safe one is stored as
rebuilt from the allow-list (pictures/svg.py), never as uploaded."""

from wagtail.images.forms import BaseImageForm

from .svg import sanitised_svg_file


class SafeSVGImageForm(BaseImageForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file is not None and "file" in self.changed_data:
            file = sanitised_svg_file(file)
        return file
