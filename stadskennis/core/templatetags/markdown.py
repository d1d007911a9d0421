"""`{{ text|markdown }}` for a body on its own page, `{{ text|markdown_text }}` wherever the text
is shown elsewhere as plain text (cards), `{{ text|markdown_mail }}` in a plain-text mail, where a
link keeps its address."""

from django import template

from stadskennis.core.markdown import markdown_to_text, render_markdown

register = template.Library()
register.filter("markdown", render_markdown)
register.filter("markdown_text", markdown_to_text)


@register.filter
def embeds_dropped(text):
    """`{{ text|embeds_dropped|markdown_text }}`: a card's text without its live figures' `[[…]]`."""
    from stadskennis.core.embeds import embeds_dropped as dropped

    return dropped(text)


@register.filter
def markdown_mail(text):
    return markdown_to_text(text, link_targets=True)


@register.simple_tag(takes_context=True)
def markdown_embeds(context, text):
    """`{% markdown_embeds item.body %}`: the body with its live figures, tables and charts
    (core.embeds) drawn as the request's user may see them. The texts of one page share a scope, so
    their ids are unique on the page and shared drawings are defined once."""
    from stadskennis.core.embeds import render_with_embeds

    request = context.get("request")
    page = context.render_context.setdefault("markdown_embeds_page", {})
    return render_with_embeds(text, user=getattr(request, "user", None), page=page)
