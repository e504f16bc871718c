"""A look back at the previous round's improvement actions: how far each one got."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from bouwstenen.snapshot import BouwsteenText

from ..actions.models import ImprovementAction


@dataclass(frozen=True)
class LookbackRow:
    title: str
    bouwsteen: str  # "7. Professionalisering", or "" when not in the texts
    status: str
    status_label: str
    carried: bool  # carried over into this round


@dataclass(frozen=True)
class Lookback:
    rows: list[LookbackRow]
    done: int
    counts: list[tuple[str, int]]  # (status label, how many), in the order of the statuses

    @property
    def total(self) -> int:
        return len(self.rows)


def action_lookback(
    previous_actions: list[dict],
    previous_bouwstenen: Iterable[BouwsteenText],
    actions: list[dict],
) -> Lookback | None:
    """Rows and counts for the previous round's actions, or None when it had none. An action
    carried over into this round shows the status of its copy here (it was worked on since);
    any other shows its status when the previous round closed. `previous_actions` and
    `actions` are value dicts with id, bouwsteen_id, title and status (`actions` also with
    carried_from_id); `previous_bouwstenen` are the previous round's texts."""
    if not previous_actions:
        return None
    copies = {action["carried_from_id"]: action for action in actions if action["carried_from_id"]}
    names = {item.id: item.name for item in previous_bouwstenen}
    labels = dict(ImprovementAction.Status.choices)
    rows, counts = [], Counter()
    for action in previous_actions:
        copy = copies.get(action["id"])
        status = copy["status"] if copy else action["status"]
        counts[status] += 1
        rows.append(
            LookbackRow(
                title=action["title"],
                bouwsteen=names.get(action["bouwsteen_id"], ""),
                status=status,
                status_label=labels[status],
                carried=copy is not None,
            )
        )
    return Lookback(
        rows=rows,
        done=counts[ImprovementAction.Status.DONE],
        counts=[(labels[status], counts[status]) for status in labels if counts[status]],
    )
