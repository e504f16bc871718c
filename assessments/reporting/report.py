"""The report of a round: one function builds everything the page and the PDF show.

All texts come from the round's snapshot (round_texts), so a closed round's report never
changes when an administrator edits the model later.
"""

import functools
import hashlib
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bouwstenen.house import Brick, layout_house
from bouwstenen.scale import band, band_fill

from ..actions.models import ImprovementAction
from ..questionnaire.models import Answer
from ..rounds.models import Respondent, Round
from . import stats
from .lookback import action_lookback
from .models import Consensus

# Bump when the report's code changes in a way that changes the PDF; changes to its templates
# and stylesheets are picked up by layout_version().
REPORT_VERSION = "1"
LAYOUT_FILES = [
    "templates/pdf/borgingsrapport.html",
    "templates/house/house.svg.html",
    "static/css/report.css",
    "static/css/report-print.css",
    "static/css/widths.css",
]


@functools.cache
def layout_version() -> str:
    """A hash of the report's templates and stylesheets, so a new release re-renders PDFs."""
    digest = hashlib.sha256(REPORT_VERSION.encode())
    paths = [settings.BASE_DIR / name for name in LAYOUT_FILES]
    paths += sorted((settings.BASE_DIR / "templates/assessments/report").glob("*.html"))
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


DISAGREEMENT_THRESHOLD = 1.5  # role medians this far apart are marked on the house


def level_text(value) -> str:
    """A level as Dutch text: whole numbers without decimals, else one decimal; "–" for None."""
    if value is None:
        return "–"
    value = round(value, 1)
    if float(value).is_integer():
        return str(int(value))
    return number_format(value, decimal_pos=1)


def signed_text(value) -> str:
    if value is None:
        return "–"
    text = level_text(abs(value))
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return "0"


@dataclass
class Inputs:
    """The raw data of one round, as read from the database."""

    rows: list[stats.AnswerRow]
    consensus: dict[int, tuple[int, str]]  # bouwsteen id -> (level, note)
    respondents: dict[str, dict[str, int]] = field(default_factory=dict)


def rol_codes(texts: dict) -> dict[int, str]:
    """Role id -> code as in the round's texts, so renaming a code later changes nothing."""
    return {rol["id"]: rol["code"] for rol in texts["rollen"]}


def read_inputs(round: Round, texts: dict) -> Inputs:
    """Answers of submitted, active respondents (one query) and the consensus (one query).
    Roles are named by the codes in `texts`; a role not in them has code None."""
    codes = rol_codes(texts)
    rows = [
        stats.AnswerRow(bouwsteen, codes.get(rol_id), current, desired, toelichting)
        for bouwsteen, rol_id, current, desired, toelichting in Answer.objects.for_report(round)
        .filter(respondent__submitted_at__isnull=False)
        .order_by("bouwsteen_id", "respondent_id")
        .values_list(
            "bouwsteen_id", "respondent__rol_id", "current_level", "desired_level", "toelichting"
        )
    ]
    consensus = {
        bouwsteen: (level, note)
        for bouwsteen, level, note in Consensus.objects.filter(round=round).values_list(
            "bouwsteen_id", "level", "note"
        )
    }
    return Inputs(rows=rows, consensus=consensus)


def respondent_counts(round: Round, texts: dict) -> dict[str | None, dict[str, int]]:
    """Per role code in `texts` (None: role not chosen yet, or not in the texts) the invited and
    submitted active respondents."""
    codes = rol_codes(texts)
    counts: dict[str | None, dict[str, int]] = {}
    for row in (
        Respondent.objects.filter(round=round)
        .active()
        .values("rol_id")
        .annotate(invited=Count("id"), submitted=Count("id", filter=Q(submitted_at__isnull=False)))
        .order_by()
    ):
        count = counts.setdefault(codes.get(row["rol_id"]), {"invited": 0, "submitted": 0})
        count["invited"] += row["invited"]
        count["submitted"] += row["submitted"]
    return counts


def _levels_by_number(round: Round, texts: dict, inputs: Inputs):
    """The previous round's level per bouwsteen number, and its overall figures."""
    numbers = {item["id"]: item["number"] for item in texts["bouwstenen"]}
    result = stats.aggregate(
        inputs.rows,
        list(numbers),
        [rol["code"] for rol in texts["rollen"]],
        min_group_size=round.min_group_size,
        consensus={key: level for key, (level, _note) in inputs.consensus.items()},
    )
    return {numbers[key]: item.level for key, item in result.items()}, stats.group_figures(
        result.values()
    )


@dataclass
class Sources:
    """Everything read from the database for one report; its hash is the fingerprint."""

    texts: dict
    inputs: Inputs
    actions: list[dict]
    previous: Round | None
    previous_texts: dict | None
    previous_inputs: Inputs | None
    previous_actions: list[dict]


def read_sources(round: Round) -> Sources:
    """Read the round's data in a fixed number of queries (at most eight)."""
    texts = round.model_texts().to_json()
    inputs = read_inputs(round, texts)
    inputs.respondents = respondent_counts(round, texts)
    actions = list(
        ImprovementAction.objects.filter(round=round)
        .order_by("due_date", "id")
        .values(
            "id",
            "bouwsteen_id",
            "title",
            "description",
            "line",
            "owner_rol_id",
            "owner_name",
            "due_date",
            "status",
            "carried_from_id",
        )
    )
    previous = round.previous_closed()
    previous_texts = previous.model_texts().to_json() if previous else None
    previous_actions = []
    if previous:
        previous_actions = list(
            ImprovementAction.objects.filter(round=previous)
            .order_by("due_date", "id")
            .values("id", "bouwsteen_id", "title", "status")
        )
    return Sources(
        texts=texts,
        inputs=inputs,
        actions=actions,
        previous=previous,
        previous_texts=previous_texts,
        previous_inputs=read_inputs(previous, previous_texts) if previous else None,
        previous_actions=previous_actions,
    )


def report_date(round: Round):
    """The local date the report is of: the closing date, or today while the round runs."""
    return timezone.localdate(round.closed_at) if round.closed_at else timezone.localdate()


def report_fingerprint(round: Round, sources: Sources | None = None) -> str:
    """A hash of everything the report shows; the same hash means the same PDF. Cheaper than
    build_report: it reads the data but does not aggregate or lay out."""
    sources = sources or read_sources(round)
    closed_or_today = report_date(round)
    previous, previous_inputs = sources.previous, sources.previous_inputs
    data = {
        "version": layout_version(),
        "language": translation.get_language(),
        "round": [round.pk, round.name, round.status, round.min_group_size, str(closed_or_today)],
        "organisation": round.organisation.name,
        "texts": sources.texts,
        "rows": sources.inputs.rows,
        "consensus": sorted(sources.inputs.consensus.items()),
        "respondents": sorted(sources.inputs.respondents.items(), key=lambda item: str(item[0])),
        "actions": sources.actions,
        "previous": [
            previous.pk if previous else None,
            previous.name if previous else None,
            sources.previous_texts,
            previous_inputs.rows if previous_inputs else None,
            sorted(previous_inputs.consensus.items()) if previous_inputs else None,
            sources.previous_actions,
        ],
    }
    payload = json.dumps(data, sort_keys=True, default=str).encode()
    return hashlib.sha256(payload).hexdigest()


def build_report(round: Round) -> dict:
    """Everything the report page and the PDF show, materialised. `round` must come with its
    organisation and framework loaded. Takes a fixed number of queries (at most eight),
    whatever the number of respondents."""
    sources = read_sources(round)
    texts, inputs, previous = sources.texts, sources.inputs, sources.previous
    actions = [dict(action) for action in sources.actions]
    previous_levels, previous_overall = {}, None
    if previous:
        previous_levels, previous_overall = _levels_by_number(
            previous, sources.previous_texts, sources.previous_inputs
        )

    rollen = texts["rollen"]
    niveaus = texts["niveaus"]
    rol_names = {rol["code"]: rol["name"] for rol in rollen}
    rol_names_by_id = {rol["id"]: rol["name"] for rol in rollen}
    niveau_names = {niveau["code"]: niveau["name"] for niveau in niveaus}
    scale = {step["value"]: step for step in texts["scale"]}
    by_id = {item["id"]: item for item in texts["bouwstenen"]}
    consensus_levels = {key: level for key, (level, _note) in inputs.consensus.items()}
    aggregated = stats.aggregate(
        inputs.rows,
        list(by_id),
        [rol["code"] for rol in rollen],
        min_group_size=round.min_group_size,
        consensus=consensus_levels,
    )
    all_stats = list(aggregated.values())
    top_gaps = stats.largest_gaps(all_stats)
    top_gap_ids = {item.bouwsteen for item in top_gaps}
    disagreement = stats.largest_disagreement(all_stats)
    unknown = stats.most_unknown(all_stats)
    overall = stats.group_figures(all_stats)

    actions_by_bouwsteen: dict[int, list] = {}
    line_labels = dict(ImprovementAction.Line.choices)
    status_labels = dict(ImprovementAction.Status.choices)
    for action in actions:
        action["bouwsteen"] = by_id.get(action["bouwsteen_id"])
        action["owner_rol"] = rol_names_by_id.get(action["owner_rol_id"], "")
        action["line_label"] = line_labels.get(action["line"], action["line"])
        action["status_label"] = status_labels.get(action["status"], action["status"])
        actions_by_bouwsteen.setdefault(action["bouwsteen_id"], []).append(action)

    bouwstenen = []
    for key, text in by_id.items():
        item = aggregated[key]
        previous_level = previous_levels.get(text["number"])
        change = (
            item.level - previous_level
            if item.level is not None and previous_level is not None
            else None
        )
        bouwstenen.append(
            {
                **text,
                "stats": item,
                "niveau_name": niveau_names.get(text["niveau"], ""),
                "rol_name": rol_names.get(text["rol"], ""),
                "level_text": level_text(item.level),
                "desired_text": level_text(item.desired.median),
                "gap_text": signed_text(item.gap),
                "spread_text": level_text(item.current.spread),
                "band": band(item.level),
                "consensus_note": inputs.consensus.get(key, (None, ""))[1],
                "distribution": _distribution(item.current, scale),
                "roles": _role_rows(item, rollen, round.min_group_size),
                "toelichtingen": item.toelichtingen,
                "toelichtingen_hidden": item.toelichtingen_hidden,
                "is_top_gap": key in top_gap_ids,
                "is_disagreement": (item.role_difference or 0) >= DISAGREEMENT_THRESHOLD,
                "previous_text": level_text(previous_level),
                "change": change,
                "change_text": signed_text(change),
                "actions": actions_by_bouwsteen.get(key, []),
            }
        )
    for entry in bouwstenen:
        entry["band_fill"] = band_fill(entry["band"])
    numbered = {entry["id"]: entry for entry in bouwstenen}

    respondents_total = sum(row["submitted"] for row in inputs.respondents.values())
    per_rol = [
        {
            "name": rol["name"],
            "code": rol["code"],
            "submitted": inputs.respondents.get(rol["code"], {}).get("submitted", 0),
            "invited": inputs.respondents.get(rol["code"], {}).get("invited", 0),
        }
        for rol in rollen
    ]
    missing_roles = [row["name"] for row in per_rol if not row["submitted"]]

    grid_args = (
        [(niveau["code"], niveau["name"]) for niveau in niveaus],
        [(rol["code"], rol["name"]) for rol in rollen],
        [_brick(entry) for entry in bouwstenen],
    )
    house_options = {
        "scale": True,
        "roof_title": round.name,
        "roof_lines": _roof_lines(overall, respondents_total, consensus_levels, by_id),
    }
    date = report_date(round)
    report = {
        "round": round,
        "organisation": round.organisation,
        "texts": texts,
        "framework": texts["framework"],
        "scale": texts["scale"],
        "rollen": rollen,
        "niveaus": niveaus,
        "bouwstenen": bouwstenen,
        "house": layout_house(*grid_args, **house_options),
        # for phones; the PDF draws the wide house only
        "house_narrow": layout_house(*grid_args, narrow=True, **house_options),
        "house_links": True,
        "svg_title": _("%(round)s: het borgingshuis van %(organisation)s")
        % {"round": round.name, "organisation": round.organisation.name},
        "svg_desc": _(
            "Elke bouwsteen is een steen in zijn vak (niveau en rol). Het cijfer is het "
            "huidige niveau, het open driehoekje het gewenste niveau, de grijze balk de "
            "spreiding. Een dikke rand markeert de grootste kloven, een gestippelde rand "
            "verschil tussen rollen. De tabel bij het huis geeft dezelfde cijfers."
        ),
        "overall": overall,
        "overall_text": level_text(overall.level),
        "overall_desired_text": level_text(overall.desired),
        "overall_gap_text": signed_text(overall.gap),
        "groups": _groups(aggregated, by_id, niveaus, rollen),
        "respondents_total": respondents_total,
        "per_rol": per_rol,
        "missing_roles": missing_roles,
        "has_answers": any(item.current.responses for item in all_stats),
        "findings": _findings(top_gaps, disagreement, unknown, numbered, rol_names),
        "actions": actions,
        "lookback": action_lookback(
            sources.previous_actions, sources.previous_texts, sources.actions
        ),
        "previous": previous,
        "previous_overall_text": level_text(previous_overall.level) if previous_overall else "",
        "overall_change_text": signed_text(
            overall.level - previous_overall.level
            if previous_overall and previous_overall.level is not None and overall.level is not None
            else None
        ),
        "min_group_size": round.min_group_size,
        "low_group_size": round.min_group_size < stats.INDICATIVE_BELOW,
        "consensus_count": len(consensus_levels),
        "date": date,
        "date_text": date_format(date, "j F Y"),
        "indicative_below": stats.INDICATIVE_BELOW,
    }
    report["fingerprint"] = report_fingerprint(round, sources)
    return report


def _brick(entry) -> Brick:
    item = entry["stats"]
    if item.level is None and item.desired.median is None:
        detail = _("te weinig antwoorden") if item.current.hidden else _("geen score")
    else:
        detail = _("nu %(level)s → doel %(desired)s") % {
            "level": entry["level_text"],
            "desired": entry["desired_text"],
        }
        if item.consensus is not None:
            detail += " " + _("(C)")
        if item.indicative:
            detail += " *"
        if entry["is_disagreement"]:
            detail += " ≠"
    marks = []
    if entry["is_top_gap"]:
        marks.append("largest-gap")
    if entry["is_disagreement"]:
        marks.append("disagreement")
    if item.indicative:
        marks.append("indicative")
    spread = None
    if item.current.q1 is not None and item.current.count >= 2:
        spread = (item.current.q1, item.current.q3)
    return Brick(
        number=entry["number"],
        title=entry["short_title"],
        niveau=entry["niveau"],
        rol=entry["rol"],
        href=f"#bouwsteen-{entry['number']}",
        level=item.level,
        desired=item.desired.median,
        detail=detail,
        marks=tuple(marks),
        spread=spread,
        badge="!" if entry["is_top_gap"] else "",
    )


def _roof_lines(overall, respondents_total, consensus_levels, by_id) -> list[str]:
    if overall.level is None:
        first = _("Nog geen borgingsniveau")
    else:
        first = _("Borgingsniveau %(level)s · ambitie %(desired)s") % {
            "level": level_text(overall.level),
            "desired": level_text(overall.desired),
        }
    second = ngettext("%(count)s respondent", "%(count)s respondenten", respondents_total) % {
        "count": respondents_total
    }
    second += " · " + _("consensus op %(count)s van %(total)s") % {
        "count": len(consensus_levels),
        "total": len(by_id),
    }
    return [first, second]


def _distribution(figures: stats.Figures, scale: dict) -> list[dict]:
    """One row per level and a last one for "weet ik niet"; `percent` is a whole number and
    the rows add up to 100 (0 everywhere without answers)."""
    values = [*stats.LEVELS, stats.UNKNOWN]
    counts = [figures.distribution[value] for value in stats.LEVELS] + [figures.unknown]
    rows = []
    for value, count, percent in zip(values, counts, stats.whole_percents(counts), strict=True):
        if value == stats.UNKNOWN:
            label, fill = _("weet ik niet"), "#ffffff"
        else:
            label, fill = scale.get(value, {}).get("label", str(value)), band_fill(value)
        rows.append(
            {"value": value, "label": label, "count": count, "percent": percent, "fill": fill}
        )
    return rows


def _role_rows(item: stats.BouwsteenStats, rollen, min_group_size) -> list[dict]:
    rows = []
    for rol in rollen:
        rol_figures = item.by_rol[rol["code"]]
        if rol["code"] in item.shown_roles:
            status = "shown"
            text = level_text(item.shown_roles[rol["code"]])
        elif rol_figures.count:
            status = "hidden"
            text = _("minder dan %(count)s antwoorden") % {"count": min_group_size}
        else:
            status = "none"
            text = _("geen scores")
        rows.append(
            {
                "name": rol["name"],
                "status": status,
                "text": text,
                "median": item.shown_roles.get(rol["code"]),
                "count": rol_figures.count if status == "shown" else None,
            }
        )
    return rows


def _groups(aggregated, by_id, niveaus, rollen) -> list[dict]:
    groups = []
    for kind, axis, key in ((_("Niveau"), niveaus, "niveau"), (_("Rol"), rollen, "rol")):
        for part in axis:
            figures = stats.group_figures(
                aggregated[item_id] for item_id, text in by_id.items() if text[key] == part["code"]
            )
            groups.append(
                {
                    "kind": kind,
                    "name": part["name"],
                    "level_text": level_text(figures.level),
                    "desired_text": level_text(figures.desired),
                    "gap_text": signed_text(figures.gap),
                }
            )
    return groups


def _findings(top_gaps, disagreement, unknown, numbered, rol_names) -> dict:
    def name(item):
        entry = numbered[item.bouwsteen]
        return f"{entry['number']}. {entry['short_title']}"

    gaps = [
        _("%(name)s: nu %(level)s, gewenst %(desired)s (kloof %(gap)s)")
        % {
            "name": name(item),
            "level": level_text(item.level),
            "desired": level_text(item.desired.median),
            "gap": level_text(item.gap),
        }
        for item in top_gaps
    ]
    disagreement_text = ""
    if disagreement:
        parts = ", ".join(
            f"{rol_names[code].lower()} {level_text(value)}"
            for code, value in disagreement.shown_roles.items()
        )
        disagreement_text = _("De rollen verschillen het meest bij %(name)s: %(parts)s.") % {
            "name": name(disagreement),
            "parts": parts,
        }
    unknown_texts = [
        _("%(name)s: %(count)s van de %(total)s keer “weet ik niet”")
        % {"name": name(item), "count": item.current.unknown, "total": item.current.responses}
        for item in unknown
    ]
    return {"gaps": gaps, "disagreement": disagreement_text, "unknown": unknown_texts}
