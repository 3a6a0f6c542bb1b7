"""Editor panels: the LIX readability score of a reading level, shown while editing."""

from wagtail.admin.panels import Panel

from .levels import BY_CODE


class ReadabilityPanel(Panel):
    """Shows the LIX of one reading level of the page being edited, with a warning above its limit.

    The score is computed from the saved draft on the server; ``static/js/admin-lix.js`` updates it
    as the editor types.
    """

    def __init__(self, level_code, **kwargs):
        super().__init__(**kwargs)
        self.level_code = level_code

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["level_code"] = self.level_code
        return kwargs

    class BoundPanel(Panel.BoundPanel):
        template_name = "pages/admin/readability_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            level = BY_CODE[self.panel.level_code]
            readability = self.instance.readability(level.code)
            context.update(
                level=level,
                readability=readability,
                lix=round(readability.lix, 1),
                too_hard=readability.words > 0 and readability.lix > level.lix_limit,
            )
            return context
