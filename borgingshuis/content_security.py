"""django-csp's middleware with the policy built once instead of on every response.

The headers come from the settings alone unless a response brings a policy of its own
(csp_update and the like) or a page used a nonce: then django-csp builds them as always.
Otherwise they are the same two strings on every response, built the first time and again
after a test changes the settings."""

from functools import cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as UpstreamCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# What a response or view sets to have a policy of its own (django-csp's decorators).
_OWN_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


@cache
def _policies() -> tuple[str, str]:
    return build_policy(), build_policy(report_only=True)


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        _policies.cache_clear()


class CSPMiddleware(UpstreamCSPMiddleware):
    def process_response(self, request, response):
        own_policy = any(getattr(response, name, None) is not None for name in _OWN_POLICY)
        if own_policy or getattr(request, "_csp_nonce", None) is not None or settings.DEBUG:
            return super().process_response(request, response)
        policy, report_only = _policies()
        path = request.path_info
        # exempt unless the flag is exactly False, as upstream reads it
        if (
            policy
            and getattr(response, "_csp_exempt", False) is False
            and HEADER not in response
            and not path.startswith(_excluded("CONTENT_SECURITY_POLICY"))
        ):
            response[HEADER] = policy
        if (
            report_only
            and getattr(response, "_csp_exempt_ro", False) is False
            and HEADER_REPORT_ONLY not in response
            and not path.startswith(_excluded("CONTENT_SECURITY_POLICY_REPORT_ONLY"))
        ):
            response[HEADER_REPORT_ONLY] = report_only
        # as upstream: a nonce asked for after the header was written is an error
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


def _excluded(setting: str) -> tuple[str, ...]:
    return tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ())
