from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.simple_tag(takes_context=True)
def querystring_with(context, key, value):
    """The current query string with one parameter set and the page reset."""
    params = context["request"].GET.copy()
    params[key] = value
    params.pop("pagina", None)
    params.pop("formaat", None)
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def querystring_without(context, *keys):
    params = context["request"].GET.copy()
    for key in (*keys, "formaat"):
        params.pop(key, None)
    return "?" + params.urlencode()
