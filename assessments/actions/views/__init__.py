"""The action plan's pages: per round (round_actions) and per organisation (plan)."""

from . import plan, round_actions

urlpatterns = [*round_actions.urlpatterns, *plan.urlpatterns]
