import pytest
from django.urls import reverse

from bouwstenen.models import Bouwsteen, Framework, Niveau


def change_data(bouwsteen, **overrides):
    questions = list(bouwsteen.questions.all())
    data = {
        "framework": bouwsteen.framework_id,
        "number": bouwsteen.number,
        "order": bouwsteen.order,
        "niveau": bouwsteen.niveau_id,
        "rol": bouwsteen.rol_id,
        "title": bouwsteen.title,
        "short_title": bouwsteen.short_title,
        "description": bouwsteen.description,
        "questions-TOTAL_FORMS": len(questions),
        "questions-INITIAL_FORMS": len(questions),
        "questions-MIN_NUM_FORMS": 0,
        "questions-MAX_NUM_FORMS": 1000,
    }
    for index, question in enumerate(questions):
        data[f"questions-{index}-id"] = question.pk
        data[f"questions-{index}-bouwsteen"] = bouwsteen.pk
        data[f"questions-{index}-text"] = question.text
        data[f"questions-{index}-order"] = question.order
    data.update(overrides)
    return data


def test_title_change_shows_on_the_page_and_in_the_history(admin_client, framework):
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=5)
    url = reverse("admin:bouwstenen_bouwsteen_change", args=[bouwsteen.pk])

    response = admin_client.post(url, change_data(bouwsteen, short_title="Hulpmiddelen"))

    assert response.status_code == 302
    assert "5. Hulpmiddelen" in admin_client.get(reverse("bouwstenen:house")).content.decode()
    latest = bouwsteen.history.latest()
    assert latest.short_title == "Hulpmiddelen"
    assert latest.history_user.username == "beheerder"
    history_page = admin_client.get(
        reverse("admin:bouwstenen_bouwsteen_history", args=[bouwsteen.pk])
    )
    assert "beheerder" in history_page.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Dit veld is verplicht."),
        ("number", 4, "Dit nummer is in dit model al gebruikt."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(admin_client, framework, field, value, message):
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=5)
    url = reverse("admin:bouwstenen_bouwsteen_change", args=[bouwsteen.pk])
    history_before = bouwsteen.history.count()

    response = admin_client.post(url, change_data(bouwsteen, **{field: value}))

    assert response.status_code == 200
    assert message in response.content.decode()
    bouwsteen.refresh_from_db()
    assert bouwsteen.number == 5 and bouwsteen.title.startswith("Ondersteuning")
    assert bouwsteen.history.count() == history_before


def test_niveau_of_another_model_version_is_refused(admin_client, framework):
    other = Framework.objects.create(slug="ander-model", name="Ander model", version="1")
    foreign_niveau = Niveau.objects.create(framework=other, code="organisatie", name="Organisatie")
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=5)
    url = reverse("admin:bouwstenen_bouwsteen_change", args=[bouwsteen.pk])

    response = admin_client.post(url, change_data(bouwsteen, niveau=foreign_niveau.pk))

    assert response.status_code == 200
    assert "Kies een niveau uit hetzelfde model als de bouwsteen." in response.content.decode()
    bouwsteen.refresh_from_db()
    assert bouwsteen.niveau.framework == framework


def test_admin_changelist_filters_and_searches(
    admin_client, framework, django_assert_max_num_queries
):
    url = reverse("admin:bouwstenen_bouwsteen_changelist")
    # session, user, count, filtered count, rows with niveau/rol/framework, filter choices
    with django_assert_max_num_queries(12):
        response = admin_client.get(url, {"q": "tooling"})
    html = response.content.decode()
    assert "Ondersteuning en tooling" in html
    assert "Tijd, capaciteit en budget" not in html
