"""The functional administrator copies a model to prepare a new version while rounds keep
using the current one."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import RestrictedError
from django.urls import reverse

from bouwstenen.models import Bouwsteen, Framework, Niveau, ReflectionQuestion, Rol, ScaleLevel
from bouwstenen.services import framework_copy

CHANGELIST = reverse("admin:bouwstenen_framework_changelist")
PART_MODELS = [Niveau, Rol, ScaleLevel, Bouwsteen]


def make_framework(*, slug, niveaus=3, rollen=3, bouwstenen=11, questions_each=3):
    """A synthetic published framework with a full scale; bouwstenen spread over the grid."""
    framework = Framework.objects.create(slug=slug, name=f"Model {slug}", version="1")
    niveau_list = [
        Niveau.objects.create(framework=framework, code=f"n{i}", name=f"Niveau {i}", order=i)
        for i in range(niveaus)
    ]
    rol_list = [
        Rol.objects.create(framework=framework, code=f"r{i}", name=f"Rol {i}", order=i)
        for i in range(rollen)
    ]
    for value in range(1, 6):
        ScaleLevel.objects.create(
            framework=framework, value=value, label=f"Stap {value}", meaning=f"Betekenis {value}"
        )
    for number in range(1, bouwstenen + 1):
        bouwsteen = Bouwsteen.objects.create(
            framework=framework,
            number=number,
            title=f"Bouwsteen {number}",
            short_title=f"B{number}",
            description=f"Omschrijving {number}",
            niveau=niveau_list[number % niveaus],
            rol=rol_list[number % rollen],
            order=number,
        )
        for order in range(questions_each):
            ReflectionQuestion.objects.create(
                bouwsteen=bouwsteen, text=f"Vraag {order} bij {number}", order=order
            )
    return framework


def texts_of(framework):
    """Everything a framework says, without ids, to compare a copy with its original."""

    def axis(queryset):
        return [(a.code, a.name, a.description, a.order) for a in queryset.order_by("order")]

    return {
        "framework": (framework.name, framework.intro),
        "niveaus": axis(framework.niveau_set),
        "rollen": axis(framework.rol_set),
        "scale": [(s.value, s.label, s.meaning) for s in framework.scale.order_by("value")],
        "bouwstenen": [
            (
                b.number,
                b.title,
                b.short_title,
                b.description,
                b.niveau.code,
                b.rol.code,
                b.order,
                [(q.text, q.order) for q in b.questions.all()],
            )
            for b in Bouwsteen.objects.filter(framework=framework).with_grid()
        ],
    }


def history_count(framework):
    """History entries of the framework and all its parts."""
    return (
        framework.history.count()
        + sum(model.history.filter(framework_id=framework.pk).count() for model in PART_MODELS)
        + ReflectionQuestion.history.filter(
            bouwsteen_id__in=Bouwsteen.objects.filter(framework=framework).values("pk")
        ).count()
    )


def test_copy_has_the_same_parts_and_texts(framework):
    copy = framework_copy(framework=framework)

    assert copy.pk != framework.pk
    assert copy.name == framework.name == "Borgingshuis Participatie"
    assert copy.niveau_set.count() == 3 and copy.rol_set.count() == 3
    assert copy.scale.count() == 5
    assert Bouwsteen.objects.filter(framework=copy).count() == 11
    assert ReflectionQuestion.objects.filter(bouwsteen__framework=copy).count() == 33
    assert texts_of(copy) == texts_of(framework)


def test_copied_bouwstenen_stand_on_the_copied_niveaus_and_rollen(framework):
    copy = framework_copy(framework=framework)

    original_axes = set(framework.niveau_set.values_list("pk", flat=True)) | set(
        framework.rol_set.values_list("pk", flat=True)
    )
    for bouwsteen in Bouwsteen.objects.filter(framework=copy).select_related("niveau", "rol"):
        assert bouwsteen.niveau.framework_id == copy.pk
        assert bouwsteen.rol.framework_id == copy.pk
        bouwsteen.full_clean()  # the model's own rule: niveau and rol from the same framework
    copied_ids = Bouwsteen.objects.filter(framework=copy).values_list("niveau_id", "rol_id")
    assert not {pk for pair in copied_ids for pk in pair} & original_axes


def test_copy_is_unpublished_with_its_own_version_and_slug(framework):
    copy = framework_copy(framework=framework)

    assert copy.slug == "borgingshuis-2023-kopie"
    assert copy.version == "2023 (kopie)"
    assert copy.is_published is False
    assert list(Framework.objects.published()) == [framework]


def test_each_new_copy_gets_the_next_free_slug(framework):
    slugs = [framework_copy(framework=framework).slug for _ in range(3)]

    assert slugs == [
        "borgingshuis-2023-kopie",
        "borgingshuis-2023-kopie-2",
        "borgingshuis-2023-kopie-3",
    ]


def test_a_long_slug_is_shortened_to_fit(db):
    long_slug = "a" * 50
    original = make_framework(slug=long_slug, bouwstenen=1, questions_each=0)

    first = framework_copy(framework=original)
    second = framework_copy(framework=original)

    assert first.slug == "a" * 44 + "-kopie"
    assert second.slug == "a" * 42 + "-kopie-2"


def test_the_original_is_not_changed(framework):
    texts_before, history_before = texts_of(framework), history_count(framework)

    framework_copy(framework=framework)

    framework.refresh_from_db()
    assert framework.is_published and framework.slug == "borgingshuis-2023"
    assert framework.version == "2023"
    assert texts_of(framework) == texts_before
    assert history_count(framework) == history_before


def test_the_copy_can_be_edited_and_deleted_without_touching_the_original(admin_client, framework):
    texts_before = texts_of(framework)
    copy = framework_copy(framework=framework)
    bouwsteen = Bouwsteen.objects.get(framework=copy, number=5)
    bouwsteen.title = "Nieuwe titel voor versie 2027"
    bouwsteen.save()
    question = bouwsteen.questions.first()
    question.text = "Nieuwe vraag?"
    question.save()

    assert texts_of(framework) == texts_before
    assert not copy.is_in_use()
    response = admin_client.post(
        reverse("admin:bouwstenen_framework_delete", args=[copy.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Framework.objects.filter(pk=copy.pk).exists()
    assert texts_of(framework) == texts_before


def test_a_niveau_with_bouwstenen_still_cannot_be_deleted_on_its_own(framework):
    copy = framework_copy(framework=framework)

    with pytest.raises(RestrictedError):
        copy.niveau_set.get(code="gesprek").delete()


def test_copy_takes_the_same_queries_for_a_larger_model(framework, django_assert_max_num_queries):
    # 90 questions: their history rows (ten columns with both languages) still fit in one of
    # SQLite's 999-variable inserts, which the service's docstring names as the one exception.
    larger = make_framework(slug="groot", niveaus=4, rollen=4, bouwstenen=30, questions_each=3)
    # savepoint; slugs taken; slug unique check (full_clean); framework and its history;
    # niveaus: select, insert, history; the same for rollen and scale; bouwstenen with
    # questions: 2 selects, insert, history; questions: insert, history; release savepoint
    with django_assert_max_num_queries(21) as real:
        framework_copy(framework=framework)
    with django_assert_max_num_queries(21) as large:
        framework_copy(framework=larger)

    assert len(real.captured_queries) == len(large.captured_queries)
    assert ReflectionQuestion.objects.filter(bouwsteen__framework__slug="groot-kopie").count() == 90


def test_every_copied_record_has_a_created_history_entry(framework):
    copy = framework_copy(framework=framework)

    entries = [copy.history.get()]
    for model in PART_MODELS:
        records = model.objects.filter(framework=copy)
        history = list(model.history.filter(framework_id=copy.pk))
        assert {entry.id for entry in history} == set(records.values_list("pk", flat=True))
        entries += history
    questions = ReflectionQuestion.objects.filter(bouwsteen__framework=copy)
    question_history = list(ReflectionQuestion.history.filter(id__in=questions.values("pk")))
    assert len(question_history) == questions.count() == 33
    entries += question_history
    assert {entry.history_type for entry in entries} == {"+"}
    assert {entry.history_change_reason for entry in entries} == {"Kopie van borgingshuis-2023"}


def test_admin_action_copies_and_links_to_the_new_version(admin_client, framework):
    response = admin_client.post(
        CHANGELIST,
        {"action": "make_new_version", "_selected_action": [framework.pk]},
        follow=True,
    )

    copy = Framework.objects.get(slug="borgingshuis-2023-kopie")
    html = response.content.decode()
    link = reverse("admin:bouwstenen_framework_change", args=[copy.pk])
    assert (
        f'Nieuwe versie gemaakt: <a href="{link}">Borgingshuis Participatie, versie 2023 (kopie)'
        "</a>. Deze is nog niet gepubliceerd." in html
    )
    assert Bouwsteen.objects.filter(framework=copy).count() == 11
    assert copy.history.get().history_user.username == "beheerder"
    assert (
        Bouwsteen.history.filter(framework_id=copy.pk, history_user__username="beheerder").count()
        == 11
    )


def test_admin_publishes_the_copy_from_the_list(admin_client, framework):
    copy = framework_copy(framework=framework)
    rows = list(Framework.objects.order_by("name", "version"))  # the changelist's order
    data = {
        "form-TOTAL_FORMS": len(rows),
        "form-INITIAL_FORMS": len(rows),
        "_save": "Opslaan",
    }
    for index, row in enumerate(rows):
        data[f"form-{index}-id"] = row.pk
        data[f"form-{index}-is_published"] = "on"

    response = admin_client.post(CHANGELIST, data)

    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.is_published
    assert copy.history.latest().history_user.username == "beheerder"


def test_a_user_who_is_not_staff_cannot_copy(client, coordinator, framework):
    client.force_login(coordinator)

    response = client.post(
        CHANGELIST, {"action": "make_new_version", "_selected_action": [framework.pk]}
    )

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert Framework.objects.count() == 1


def test_staff_without_add_permission_cannot_copy(client, framework):
    viewer = get_user_model().objects.create_user("kijker", "k@example.org", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_framework"))
    client.force_login(viewer)

    page = client.get(CHANGELIST).content.decode()
    client.post(CHANGELIST, {"action": "make_new_version", "_selected_action": [framework.pk]})

    assert "Nieuwe versie maken (kopie)" not in page
    assert Framework.objects.count() == 1


def changelist_post(admin_client, published):
    """Save the model list with `published` ticked and every other model unticked."""
    rows = list(Framework.objects.order_by("name", "version"))  # the changelist's order
    data = {"form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": len(rows), "_save": "Opslaan"}
    for index, row in enumerate(rows):
        data[f"form-{index}-id"] = row.pk
        if row in published:
            data[f"form-{index}-is_published"] = "on"
    return admin_client.post(CHANGELIST, data)


def test_the_last_published_model_cannot_be_unpublished(admin_client, framework):
    response = changelist_post(admin_client, published=[])

    assert "Er moet altijd een gepubliceerd model zijn." in response.content.decode()
    framework.refresh_from_db()
    assert framework.is_published


def test_the_public_page_shows_the_newest_published_version(admin_client, client, framework):
    copy = framework_copy(framework=framework)
    Bouwsteen.objects.filter(framework=copy, number=1).update(short_title="Ambitie 2027")

    # First publish the new version, then take the old one off ("publiceer eerst …").
    assert changelist_post(admin_client, published=[framework, copy]).status_code == 302
    page = client.get(reverse("bouwstenen:house")).content.decode()
    assert "Ambitie 2027" in page and "versie 2023 (kopie)" in page  # the newest of the two

    assert changelist_post(admin_client, published=[copy]).status_code == 302
    framework.refresh_from_db()
    assert not framework.is_published
    assert "Ambitie 2027" in client.get(reverse("bouwstenen:house")).content.decode()


def test_unticking_every_published_model_at_once_is_refused(admin_client, framework):
    copy = framework_copy(framework=framework)
    Framework.objects.filter(pk=copy.pk).update(is_published=True)

    response = changelist_post(admin_client, published=[])

    assert "Er moet altijd een gepubliceerd model zijn." in response.content.decode()
    assert Framework.objects.published().count() == 2
