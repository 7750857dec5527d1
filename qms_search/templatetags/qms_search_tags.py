"""Template helpers for the search page."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, key, value=None):
    """The current query string with one parameter set (or removed), back to page 1."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    if value in (None, ""):
        params.pop(key, None)
    else:
        params[key] = value
    return "?" + params.urlencode()
