"""The app's own admin styles (static/css/admin.css), as a ModelAdmin's Media."""


class AdminStyle:
    """Breadcrumb links underlined (white on light blue, colour alone would tell them apart
    from the text around them: WCAG 1.4.1), wide text fields for long titles and names, the
    history table stacked on a phone."""

    css = {"all": ["css/admin.css"]}
