"""StreamField blocks: one content stream shared by every page type, plus what steps add."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

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


class ContentStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    figure = FigureBlock()

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
