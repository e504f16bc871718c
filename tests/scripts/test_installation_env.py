"""The load scripts start gunicorn and task workers with this installation's environment, its
render slot folder included, not one built from scratch (scripts/loadgen.py)."""

import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@pytest.fixture
def loadgen(monkeypatch):
    monkeypatch.syspath_prepend(str(SCRIPTS))
    import loadgen

    return loadgen


def test_the_environment_is_the_installations_own_with_production_settings_on_top(
    loadgen, monkeypatch
):
    monkeypatch.setenv("RENDER_SLOTS", "1")
    monkeypatch.setenv("CONN_MAX_AGE", "0")
    monkeypatch.setenv("DJANGO_DEVELOPMENT", "1")
    monkeypatch.setenv("DEBUG", "1")
    monkeypatch.setenv("SECRET_KEY", "of-development")

    env = loadgen.installation_env("/srv/site-a/var/render-slots", SECRET_KEY="of-production")

    assert env["RENDER_SLOT_DIR"] == "/srv/site-a/var/render-slots"
    assert env["RENDER_SLOTS"] == "1" and env["CONN_MAX_AGE"] == "0"
    assert env["SECRET_KEY"] == "of-production"
    assert "DJANGO_DEVELOPMENT" not in env and "DEBUG" not in env


def test_without_a_slot_folder_the_inherited_one_stays(loadgen, monkeypatch):
    monkeypatch.setenv("RENDER_SLOT_DIR", "/srv/site-b/slots")
    assert loadgen.installation_env(None)["RENDER_SLOT_DIR"] == "/srv/site-b/slots"


def test_the_autosave_load_scripts_workers_render_in_this_installations_slots(
    loadgen, settings, monkeypatch, tmp_path
):
    settings.RENDER_SLOT_DIR = str(tmp_path / "slots")
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/load")
    monkeypatch.delenv("RENDER_SLOT_DIR", raising=False)
    import load_autosave

    monkeypatch.setattr(load_autosave.subprocess, "run", lambda *args, **kwargs: None)

    env = load_autosave.production_env(tmp_path)

    assert env["RENDER_SLOT_DIR"] == str(tmp_path / "slots")
    assert env["PATH"] == load_autosave.os.environ["PATH"]
    assert "DJANGO_DEVELOPMENT" not in env
    sys.modules.pop("load_autosave")
