from django import template

from ..metadata import json_ld

register = template.Library()

register.filter("json_ld", json_ld)
