"""The README's everyday paths say what a new municipality needs: the port, where the
development mails go, one model-loading command, the beheerder in production, and how to set
up an organisation."""

import re
from pathlib import Path

from django.conf import settings

README = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
SERVE = (Path(settings.BASE_DIR) / "bin" / "serve").read_text(encoding="utf-8")


def section(title):
    start = README.index(title)
    end = README.find("\n#", start + len(title))
    return README[start:end]


def test_the_readme_names_the_port_bin_serve_reads_and_where_mails_go():
    assert "${PORT:-" in SERVE
    assert "`PORT`" in README
    assert re.search(r"printed in `bin/serve`'s output", README)


def test_the_readme_names_only_the_real_model_loading_command():
    assert "manage.py load_models" in SERVE
    assert "load_models" in README and "load_borgingshuis" not in README


def test_the_production_recipe_makes_the_beheerder():
    assert "manage.py createsuperuser" in section("### Production")


def test_the_readme_says_how_to_set_up_an_organisation():
    steps = section("### Setting up an organisation")
    assert "Organisatie toevoegen" in steps
    assert "first coordinator" in steps and "/beheer/" in steps
