from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from .house import Brick, house_drawings
from .models import Bouwsteen, Framework


def house(request, slug=None):
    """The public page: the house of a published framework, its grid as a table and every
    bouwsteen's text. Without a slug, the newest published version of the first model by
    name."""
    # by the Dutch name, so the first model is the same in every language
    frameworks = Framework.objects.published().order_by("name_nl", "-pk")
    framework = (
        get_object_or_404(frameworks, slug=slug) if slug else get_object_or_404(frameworks[:1])
    )
    niveaus = list(framework.niveau_set.order_by("order"))
    rollen = list(framework.rol_set.order_by("order"))
    bouwstenen = list(Bouwsteen.objects.filter(framework=framework).with_grid())
    scale = list(framework.scale.order_by("value"))

    roof_lines = [
        _("%(count)s bouwstenen · versie %(version)s")
        % {"count": len(bouwstenen), "version": framework.version}
    ]
    drawings = house_drawings(
        niveaus,
        rollen,
        [
            Brick(
                number=bouwsteen.number,
                title=bouwsteen.short_title,
                niveau=bouwsteen.niveau.code,
                rol=bouwsteen.rol.code,
                href=f"#bouwsteen-{bouwsteen.number}",
            )
            for bouwsteen in bouwstenen
        ],
        roof_title=framework.name,
        roof_lines=roof_lines,
    )
    grid = [
        {
            "niveau": niveau,
            "cells": [
                [b for b in bouwstenen if b.niveau_id == niveau.pk and b.rol_id == rol.pk]
                for rol in rollen
            ],
        }
        for niveau in reversed(niveaus)
    ]
    return render(
        request,
        "bouwstenen/house.html",
        {
            "framework": framework,
            **drawings._asdict(),
            "svg_title": _("Het model %(name)s als huis") % {"name": framework.name},
            "svg_desc": _(
                "Een huis met %(floors)s verdiepingen (niveaus) en %(columns)s kolommen "
                "(rollen). Elke bouwsteen is een steen in zijn vak. De tabel naast de "
                "tekening geeft dezelfde indeling."
            )
            % {"floors": len(niveaus), "columns": len(rollen)},
            "rollen": rollen,
            "grid": grid,
            "bouwstenen": bouwstenen,
            "scale": scale,
            "other_frameworks": [f for f in frameworks if f.pk != framework.pk],
        },
    )
