"""Amounts in cents shown as euros with Dutch separators, and shares as percentages."""

from django import template

from stadskennis.programmes.money import format_euros, percent

register = template.Library()


@register.filter
def euros(cents):
    return format_euros(cents)


@register.filter
def as_percent(ratio):
    return percent(ratio)
