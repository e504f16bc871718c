"""A framework is in use once a round of another app refers to it."""

from bouwstenen.services import framework_copy
from tests.factories import make_round


def test_a_framework_without_rounds_is_not_in_use(framework):
    assert not framework.is_in_use()


def test_a_framework_with_a_concept_round_is_in_use(framework, organisation):
    make_round(organisation=organisation, framework=framework, status="concept")

    assert framework.is_in_use()


def test_a_round_on_one_framework_leaves_its_copy_unused(framework, organisation):
    copy = framework_copy(framework=framework)
    make_round(organisation=organisation, framework=framework, status="open")

    assert framework.is_in_use() and not copy.is_in_use()
