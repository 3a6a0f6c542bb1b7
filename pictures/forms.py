"""The base form of every Wagtail image upload (settings.WAGTAILIMAGES_IMAGE_FORM_BASE): an
unsafe SVG is refused with a clear message before it is stored."""

from wagtail.images.forms import BaseImageForm

from .svg import validate_svg_file


class SafeSVGImageForm(BaseImageForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file is not None and "file" in self.changed_data:
            validate_svg_file(file)
        return file
