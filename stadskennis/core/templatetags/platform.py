from django import template

register = template.Library()


@register.filter
def model_label(obj) -> str:
    return obj._meta.label


@register.filter
def model_verbose_name(obj) -> str:
    return str(obj._meta.verbose_name)
