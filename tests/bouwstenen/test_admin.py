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
        **{
            f"{field}_{language}": getattr(bouwsteen, f"{field}_{language}")
            for field in ("title", "short_title", "description")
            for language in ("nl", "en")
        },
        "questions-TOTAL_FORMS": len(questions),
        "questions-INITIAL_FORMS": len(questions),
        "questions-MIN_NUM_FORMS": 0,
        "questions-MAX_NUM_FORMS": 1000,
    }
    for index, question in enumerate(questions):
        data[f"questions-{index}-id"] = question.pk
        data[f"questions-{index}-bouwsteen"] = bouwsteen.pk
        data[f"questions-{index}-text_nl"] = question.text_nl
        data[f"questions-{index}-text_en"] = question.text_en
        data[f"questions-{index}-order"] = question.order
    data.update(overrides)
    return data


def test_title_change_shows_on_the_page_and_in_the_history(admin_client, framework):
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=5)
    url = reverse("admin:bouwstenen_bouwsteen_change", args=[bouwsteen.pk])

    response = admin_client.post(url, change_data(bouwsteen, short_title_nl="Hulpmiddelen"))

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
        ("title_nl", "", "Dit veld is verplicht."),
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


def test_edit_with_a_reason_shows_old_and_new_text_and_restores_in_one_step(
    admin_client, framework
):
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=5)
    url = reverse("admin:bouwstenen_bouwsteen_change", args=[bouwsteen.pk])
    data = change_data(bouwsteen, short_title_en="Aids", change_reason="Korter in het Engels")
    assert admin_client.post(url, data).status_code == 302

    history_url = reverse("admin:bouwstenen_bouwsteen_history", args=[bouwsteen.pk])
    page = admin_client.get(history_url).content.decode()
    assert "Korter in het Engels" in page
    assert "<td>Support and tools</td><td>Aids</td>" in page  # old and new side by side
    assert "Geladen uit het meegeleverde model" in page
    assert "Change reason" not in page and "None" not in page
    first = bouwsteen.history.earliest()

    restore = reverse("admin:bouwstenen_bouwsteen_restore", args=[bouwsteen.pk, first.history_id])
    response = admin_client.post(restore, follow=True)

    assert "De eerdere versie is teruggezet." in response.content.decode()
    bouwsteen.refresh_from_db()
    assert bouwsteen.short_title_en == "Support and tools"
    latest = bouwsteen.history.latest()
    assert latest.history_change_reason.startswith("Teruggezet naar de versie van")
    assert latest.history_user.username == "beheerder"
    assert admin_client.get(restore).status_code == 405  # a button, never a link


def test_restoring_a_version_that_no_longer_fits_is_refused_with_a_message(admin_client, framework):
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=5)
    first = bouwsteen.history.earliest()
    Bouwsteen.objects.filter(framework=framework, number=4).update(number=99)
    bouwsteen.number = 4
    bouwsteen.save()
    Bouwsteen.objects.filter(framework=framework, number=99).update(number=5)

    restore = reverse("admin:bouwstenen_bouwsteen_restore", args=[bouwsteen.pk, first.history_id])
    response = admin_client.post(restore, follow=True)

    assert "Dit nummer is in dit model al gebruikt." in response.content.decode()
    bouwsteen.refresh_from_db()
    assert bouwsteen.number == 4


def test_change_form_has_both_languages_side_by_side_and_names_missing_english(
    admin_client, framework
):
    bouwsteen = Bouwsteen.objects.get(framework=framework, number=5)
    Bouwsteen.objects.filter(pk=bouwsteen.pk).update(description_en="")
    bouwsteen.questions.filter(order=2).update(text_en="")
    url = reverse("admin:bouwstenen_bouwsteen_change", args=[bouwsteen.pk])

    page = admin_client.get(url).content.decode()

    assert 'name="title_nl"' in page and 'name="title_en"' in page
    assert "Nog niet in het Engels" in page
    changelist = admin_client.get(reverse("admin:bouwstenen_bouwsteen_changelist")).content
    assert "ontbreekt: omschrijving, reflectievraag 2" in changelist.decode()
    assert changelist.decode().count("compleet") == 10


def test_list_filters_have_distinct_titles_and_filter_by_name(admin_client, framework):
    url = reverse("admin:bouwstenen_bouwsteen_changelist")

    page = admin_client.get(url, {"rol": "Bestuur"}).content.decode()

    assert "Op naam" not in page
    assert "Op niveau" in page and "Op rol" in page
    assert "Kaders per vraagstuk" in page and "Tijd en budget" not in page


@pytest.mark.parametrize(
    "path",
    [
        "/beheer/bouwstenen/bouwsteen/abc/history/",
        "/beheer/bouwstenen/framework/x%00y/history/",
        "/beheer/bouwstenen/bouwsteen/5/history/abc/",
        "/beheer/bouwstenen/bouwsteen/%C2%B2/history/",
    ],
)
def test_a_history_address_that_is_not_an_id_is_not_found(admin_client, path):
    assert admin_client.get(path).status_code == 404
