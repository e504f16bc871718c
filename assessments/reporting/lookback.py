"""A look back at the previous round's improvement actions: how far each one got."""

from collections import Counter

from ..actions.models import ImprovementAction


def action_lookback(previous_actions: list[dict], previous_texts: dict, actions: list[dict]):
    """Rows and counts for the previous round's actions, or None when it had none. An action
    carried over into this round shows the status of its copy here (it was worked on since);
    any other shows its status when the previous round closed. `previous_actions` and
    `actions` are value dicts with id, bouwsteen_id, title and status (`actions` also with
    carried_from_id)."""
    if not previous_actions:
        return None
    copies = {action["carried_from_id"]: action for action in actions if action["carried_from_id"]}
    bouwstenen = {item["id"]: item for item in previous_texts["bouwstenen"]}
    labels = dict(ImprovementAction.Status.choices)
    rows, counts = [], Counter()
    for action in previous_actions:
        copy = copies.get(action["id"])
        status = copy["status"] if copy else action["status"]
        counts[status] += 1
        bouwsteen = bouwstenen.get(action["bouwsteen_id"])
        rows.append(
            {
                "title": action["title"],
                "bouwsteen": f"{bouwsteen['number']}. {bouwsteen['short_title']}"
                if bouwsteen
                else "",
                "status": status,
                "status_label": labels[status],
                "carried": copy is not None,
            }
        )
    return {
        "rows": rows,
        "total": len(rows),
        "done": counts[ImprovementAction.Status.DONE],
        "counts": [(labels[status], counts[status]) for status in labels if counts[status]],
    }
