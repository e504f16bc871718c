"""The Content-Security-Policy header: the browser loads nothing from another site. That it
blocks nothing the pages need is checked in a real browser (tests/browser/test_csp.py)."""

import base64
import hashlib
import re

from django.conf import settings
from django.urls import reverse

from bouwstenen.models import Bouwsteen
from tests.factories import make_action, make_respondent, make_scored_round

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-hashes' 'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def directives(header):
    """{"default-src": "'self'", …} from a Content-Security-Policy header."""
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def assert_html_with_policy(client, urls):
    problems = []
    for url in urls:
        response = client.get(url)
        if not response["Content-Type"].startswith("text/html"):
            problems.append(f"{url}: {response.status_code} {response['Content-Type']}")
        elif "default-src 'self'" not in response.get("Content-Security-Policy", ""):
            problems.append(f"{url}: {response.status_code} without the policy")
    assert problems == []


def test_the_policy_allows_only_the_app_itself(client, framework):
    response = client.get(reverse("bouwstenen:house"))

    assert directives(response["Content-Security-Policy"]) == POLICY


def test_public_pages_carry_the_policy(client, organisation, framework):
    round = make_scored_round(organisation=organisation, framework=framework)
    token = make_respondent(round=round, rol="managers").token
    assert_html_with_policy(
        client,
        [
            reverse("bouwstenen:house"),
            "/en/",
            reverse("login"),
            reverse("password_reset"),
            reverse("password_reset_done"),
            reverse("assessments:questionnaire-rol", args=[token]),
            reverse("assessments:questionnaire-niveau", args=[token, "organisatie"]),
            "/bestaat-niet/",  # the 404 page
        ],
    )


def test_member_pages_carry_the_policy(client, coordinator, organisation, framework):
    round = make_scored_round(organisation=organisation, framework=framework)
    make_action(round=round)
    client.force_login(coordinator)
    assert_html_with_policy(
        client,
        [
            reverse(name, args=args)
            for name, args in [
                ("assessments:round-list", []),
                ("assessments:round-create", []),
                ("assessments:round-detail", [round.pk]),
                ("assessments:round-invite", [round.pk]),
                ("assessments:round-report", [round.pk]),
                ("assessments:round-consensus", [round.pk]),
                ("assessments:action-list", [round.pk]),
            ]
        ],
    )


def test_admin_pages_carry_the_policy(admin_client, framework):
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=5)
    assert_html_with_policy(
        admin_client,
        [
            reverse("admin:index"),
            reverse("admin:bouwstenen_bouwsteen_changelist"),
            reverse("admin:bouwstenen_bouwsteen_change", args=[bouwsteen.pk]),
            reverse("admin:bouwstenen_bouwsteen_history", args=[bouwsteen.pk]),
            reverse("admin:bouwstenen_framework_change", args=[framework.pk]),
            reverse("admin:axes_accessattempt_changelist"),
        ],
    )


def test_the_allowed_style_hash_is_that_of_the_history_page_paginator():
    """The one hash in style-src stands for exactly this attribute value."""
    digest = base64.b64encode(hashlib.sha256(b"border-top: 0").digest()).decode()
    assert f"'sha256-{digest}'" in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]


def test_templates_have_no_inline_scripts_styles_or_event_handlers():
    """What the policy would block, found before a browser does: <script> without src,
    <style>, style="…" and on…="…" attributes (SVG presentation attributes are fine)."""
    forbidden = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.I)
    problems = [
        f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)}"
        for path in sorted((settings.BASE_DIR / "templates").rglob("*.html"))
        for match in forbidden.finditer(path.read_text())
    ]
    assert problems == []
