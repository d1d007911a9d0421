"""`{{ text|markdown }}` for a body on its own page, `{{ text|markdown_text }}` wherever the text
is shown elsewhere as plain text (cards, plain-text mails)."""

from django import template

from stadskennis.core.markdown import markdown_to_text, render_markdown

register = template.Library()
register.filter("markdown", render_markdown)
register.filter("markdown_text", markdown_to_text)
