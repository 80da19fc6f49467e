"""Template tags for the OpenGraph, Twitter card and JSON-LD metadata of reader pages."""

from django import template

from newsline.syndication import structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def page_metadata(context) -> dict:
    """Return the page's metadata: `{% page_metadata as meta %}`."""
    return structured_data.page_metadata(context)


@register.filter
def json_ld(data):
    """Render JSON-LD data as a script element, escaped so no string can close it."""
    return structured_data.json_ld(data)
