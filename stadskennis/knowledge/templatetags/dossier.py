"""Theme links that never lead to an empty dossier: `{% theme_link theme %}` is a link when the theme's
dossier shows the viewer something, plain text otherwise; `{% linked_theme_ids as ids %}` lets a list
leave such themes out. Worked out once per request, however many themes a page lists."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from stadskennis.knowledge.dossier import themes_with_content

register = template.Library()


@register.simple_tag(takes_context=True)
def linked_theme_ids(context) -> set[int]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None:
        return themes_with_content(user=None)
    cached = getattr(request, "_themes_with_content", None)
    if cached is None or cached[0] != user.pk:
        cached = (user.pk, themes_with_content(user=user))
        request._themes_with_content = cached
    return cached[1]


@register.simple_tag(takes_context=True)
def theme_link(context, theme):
    if theme.pk in linked_theme_ids(context):
        return format_html('<a href="{}">{}</a>', reverse("knowledge:theme", args=[theme.slug]), theme.name)
    return format_html('<span class="theme-quiet">{}</span>', theme.name)
