from django import template
from django.conf import settings

from ..sso import sso_enabled

register = template.Library()


@register.simple_tag
def single_sign_on() -> bool:
    return sso_enabled()


@register.simple_tag
def local_passwords() -> bool:
    return settings.LOCAL_PASSWORDS
