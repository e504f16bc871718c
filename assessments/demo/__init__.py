"""The demo: Gemeente Voorbeeld with three closed rounds (2024-2026), a concept round for 2027
and an action plan with a year of progress after each round; eight peers for the comparison;
and Werkorganisatie Drie Dorpen with scans per project and of the whole werkorganisatie
(werkorganisatie.py). `load.demo_load` loads it."""
