"""A framework's texts as plain data, so a round can keep the texts it was answered against."""

from .models import Bouwsteen, Framework


def framework_snapshot(framework: Framework) -> dict:
    """Return the framework's niveaus, rollen, scale and bouwstenen (with their reflection
    questions) as JSON-ready dicts, in display order. Takes four queries."""
    niveaus = list(framework.niveau_set.order_by("order"))
    rollen = list(framework.rol_set.order_by("order"))
    scale = list(framework.scale.order_by("value"))
    bouwstenen = Bouwsteen.objects.filter(framework=framework).with_grid()
    codes_by_niveau = {niveau.pk: niveau.code for niveau in niveaus}
    codes_by_rol = {rol.pk: rol.code for rol in rollen}
    return {
        "framework": {
            "slug": framework.slug,
            "name": framework.name,
            "version": framework.version,
            "intro": framework.intro,
        },
        "niveaus": [_axis(niveau) for niveau in niveaus],
        "rollen": [_axis(rol) for rol in rollen],
        "scale": [
            {"value": step.value, "label": step.label, "meaning": step.meaning} for step in scale
        ],
        "bouwstenen": [
            {
                "id": bouwsteen.pk,
                "number": bouwsteen.number,
                "title": bouwsteen.title,
                "short_title": bouwsteen.short_title,
                "description": bouwsteen.description,
                "niveau": codes_by_niveau[bouwsteen.niveau_id],
                "rol": codes_by_rol[bouwsteen.rol_id],
                "questions": [question.text for question in bouwsteen.questions.all()],
            }
            for bouwsteen in bouwstenen
        ],
    }


def _axis(item) -> dict:
    return {"id": item.pk, "code": item.code, "name": item.name, "description": item.description}
