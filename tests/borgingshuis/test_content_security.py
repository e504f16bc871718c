"""The CSP middleware that builds the policy once: the same headers as django-csp's own, a
response's own policy and exemptions still honoured, and a changed setting taken up."""

from csp.constants import NONE, SELF
from csp.middleware import CSPMiddleware as UpstreamCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from borgingshuis.content_security import CSPMiddleware


def headers(middleware_class, **response_attributes):
    request = RequestFactory().get("/vragenlijst/abc/")
    response = HttpResponse("ok")
    for name, value in response_attributes.items():
        setattr(response, name, value)
    middleware = middleware_class(lambda request: response)
    middleware.process_request(request)
    answered = middleware.process_response(request, response)
    return {
        name: answered.get(name)
        for name in ("Content-Security-Policy", "Content-Security-Policy-Report-Only")
    }


def test_the_built_once_headers_are_django_csps_own():
    assert headers(CSPMiddleware) == headers(UpstreamCSPMiddleware)
    assert "default-src 'self'" in headers(CSPMiddleware)["Content-Security-Policy"]


def test_a_responses_own_policy_and_an_exemption_are_honoured():
    update = {"form-action": "https://idp.example.nl"}

    own = headers(CSPMiddleware, _csp_update=update)["Content-Security-Policy"]

    assert own == headers(UpstreamCSPMiddleware, _csp_update=update)["Content-Security-Policy"]
    assert "https://idp.example.nl" in own
    assert headers(CSPMiddleware, _csp_exempt=True)["Content-Security-Policy"] is None


def test_a_changed_policy_setting_is_taken_up():
    before = headers(CSPMiddleware)["Content-Security-Policy"]
    stricter = {"DIRECTIVES": {"default-src": [NONE], "script-src": [SELF]}}

    with override_settings(
        CONTENT_SECURITY_POLICY=stricter, CONTENT_SECURITY_POLICY_REPORT_ONLY=stricter
    ):
        changed, upstream = headers(CSPMiddleware), headers(UpstreamCSPMiddleware)

    assert changed == upstream
    directives = set(changed["Content-Security-Policy"].split("; "))
    assert directives == {"default-src 'none'", "script-src 'self'"}
    assert changed["Content-Security-Policy-Report-Only"] == changed["Content-Security-Policy"]
    assert headers(CSPMiddleware)["Content-Security-Policy"] == before
