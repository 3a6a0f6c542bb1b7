"""StreamField blocks: one content stream shared by every page type, plus what steps add."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtailmedia.blocks import AudioChooserBlock, VideoChooserBlock

from etablering.languages import LANGUAGES

RICH_TEXT_FEATURES = ["bold", "ol", "ul", "link", "h3"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        help_text = _("A heading that says what the section is about (shown as a level-2 heading).")
        template = "pages/blocks/heading.html"
        max_length = 120


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        help_text = _(
            "Short paragraphs, one message each. "
            "Link texts say where they lead, never 'click here'."
        )
        template = "pages/blocks/paragraph.html"


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(
        help_text=_(
            "Alt text says what the picture means here; mark it decorative if it adds nothing."
        )
    )
    caption = blocks.CharBlock(
        required=False, max_length=200, help_text=_("Optional caption shown under the picture.")
    )

    class Meta:
        icon = "image"
        label = _("Picture")
        help_text = _("A picture that helps the reader understand the text.")
        template = "pages/blocks/figure.html"


class PictogramBlock(blocks.StructBlock):
    pictogram = SnippetChooserBlock(
        "pictures.Pictogram",
        label=_("Pictogram"),
        help_text=_("Its meaning, in the reader's language, is the picture's alt text."),
    )
    line = blocks.CharBlock(
        label=_("Short line"),
        max_length=120,
        help_text=_("One short sentence that the picture supports. It is what the clip says."),
    )
    audio = AudioChooserBlock(
        required=False,
        label=_("Clip"),
        help_text=_("Optional: the short line, spoken. Shown only when the file exists."),
    )

    class Meta:
        icon = "image"
        label = _("Pictogram with a short line")
        help_text = _("A pictogram, one short line and an optional clip that reads it.")
        template = "pages/blocks/pictogram.html"


class StepFactsBlock(blocks.StructBlock):
    responsible = blocks.CharBlock(
        label=_("Who is responsible"),
        max_length=200,
        help_text=_("The organisation that helps you in this step, e.g. Arbetsförmedlingen."),
    )
    bring = blocks.ListBlock(
        blocks.CharBlock(
            max_length=200, label=_("Item"), help_text=_("One thing to bring, e.g. your passport.")
        ),
        label=_("What to bring"),
        min_num=0,
        help_text=_("Documents and things the reader brings, one per line."),
    )
    duration = blocks.CharBlock(
        label=_("How long it takes"),
        max_length=200,
        help_text=_("In words, e.g. 'about two months'."),
    )
    next = blocks.TextBlock(
        label=_("What comes next"),
        help_text=_("One or two sentences about what happens after this step."),
    )

    class Meta:
        icon = "list-ul"
        label = _("Step facts")
        help_text = _("Who is responsible, what to bring, how long it takes and what comes next.")
        template = "pages/blocks/step_facts.html"


class AudioBlock(blocks.StructBlock):
    audio = AudioChooserBlock(
        label=_("Recording"),
        help_text=_("A short clip from the audio and video library, in this page's language."),
    )
    label = blocks.CharBlock(
        label=_("What it says"),
        max_length=120,
        help_text=_("Shown next to the play button, e.g. 'Listen: what to bring'."),
    )

    class Meta:
        icon = "media"
        label = _("Audio clip")
        help_text = _(
            "A short recording with its own label. Its transcript (in the library) is shown "
            "under it: write one when the clip says more than the text around it."
        )
        template = "pages/blocks/audio.html"


WEBVTT_MAX_BYTES = 1024 * 1024


def check_webvtt(document) -> str | None:
    """Why a document is not a WebVTT caption file, or None when it is one."""
    if not document.file.name.lower().endswith(".vtt"):
        return _("“%(title)s” is not a .vtt file.") % {"title": document.title}
    try:
        with document.file.open("rb") as handle:
            head = handle.read(16)
    except (OSError, ValueError):
        return _("The file of “%(title)s” is missing. Upload it again.") % {"title": document.title}
    if not head.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
        return _("“%(title)s” is not WebVTT: the file must start with the word WEBVTT.") % {
            "title": document.title
        }
    return None


class CaptionTrackBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(
        choices=[(language.code, language.name_local) for language in LANGUAGES],
        label=_("Language"),
        help_text=_("The language the captions are written in."),
    )
    file = DocumentChooserBlock(
        label=_("Caption file"),
        help_text=_("A WebVTT file (.vtt) from the document library."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Captions")
        help_text = _("One caption file and its language.")


class VideoBlock(blocks.StructBlock):
    video = VideoChooserBlock(
        label=_("Video"), help_text=_("An mp4 or webm video from the audio and video library.")
    )
    title = blocks.CharBlock(
        label=_("What the video shows"), max_length=160, help_text=_("Shown above the video.")
    )
    captions = blocks.ListBlock(
        CaptionTrackBlock(),
        min_num=1,
        label=_("Captions"),
        help_text=_("At least one WebVTT caption file; one per language, the page's first."),
    )
    sign_language = VideoChooserBlock(
        required=False,
        label=_("Sign language version"),
        help_text=_("Optional: the same content in Swedish sign language (teckenspråk)."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        help_text = _("A video with captions, and optionally a sign language version.")
        template = "pages/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        messages, seen = [], set()
        for track in value["captions"]:
            if track["language"] in seen:
                messages.append(_("Each language may have one caption file only."))
            seen.add(track["language"])
            problem = check_webvtt(track["file"]) if track["file"] else None
            if problem:
                messages.append(problem)
        if messages:
            raise StructBlockValidationError(
                non_block_errors=[ValidationError(message) for message in dict.fromkeys(messages)]
            )
        return value


class ContentStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    figure = FigureBlock()
    audio = AudioBlock()
    video = VideoBlock()
    pictogram = PictogramBlock()

    class Meta:
        help_text = _("The text of this reading level.")


class StepStreamBlock(ContentStreamBlock):
    facts = StepFactsBlock()

    class Meta:
        help_text = _("The text of this reading level. Add the step facts once.")
        block_counts = {"facts": {"max_num": 1}}


class EntranceBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        max_length=80,
        label=_("Situation"),
        help_text=_("Written as the reader would say it, e.g. 'I have just arrived'."),
    )
    text = blocks.CharBlock(
        max_length=160, label=_("Short text"), help_text=_("One short sentence.")
    )
    page = blocks.PageChooserBlock(label=_("Page"), help_text=_("The page this entrance leads to."))

    class Meta:
        icon = "link"
        label = _("Entrance")
        help_text = _("An entrance to the site by the reader's situation.")
        template = "pages/blocks/entrance.html"
