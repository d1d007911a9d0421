"""`{{ text|markdown }}` for a body on its own page, `{{ text|markdown_text }}` wherever the text
is shown elsewhere as plain text (cards), `{{ text|markdown_mail }}` in a plain-text mail, where a
link keeps its address."""

from django import template

from stadskennis.core.markdown import markdown_to_text, render_markdown

register = template.Library()
register.filter("markdown", render_markdown)
register.filter("markdown_text", markdown_to_text)


@register.filter
def markdown_mail(text):
    return markdown_to_text(text, link_targets=True)
