from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def distance(metres):
    """A distance as staff read it: “300 m” below a kilometre, “2,4 km” above."""
    if metres is None:
        return ""
    if metres < 1000:
        return _("%(metres)s m") % {"metres": number_format(round(metres))}
    return _("%(km)s km") % {"km": number_format(round(metres / 1000, 1), decimal_pos=1)}
