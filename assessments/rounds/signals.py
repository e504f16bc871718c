"""What the sub-domains above rounds hook into, so rounds need not import them (the import
direction: pyproject.toml's import-linter contracts)."""

from django.dispatch import Signal

# Sent by round_close inside its transaction, with the locked `round`, before it is marked
# closed: what is kept of a round as it is at closing (actions/signals.py: the actions the
# report will show). A receiver that raises stops the close.
round_closing = Signal()

# Sent by round_answers_close inside its transaction, with the locked `round`, once the people
# counted are marked and the round is answers-closed: the final figures are released then
# (reporting/signals.py stores them). A receiver that raises stops the close.
round_answers_closed = Signal()
