"""The demo: Gemeente Voorbeeld with three closed rounds (2024-2026), a concept round for 2027
and an action plan with a year of progress after each round. `load.demo_load` loads it."""
