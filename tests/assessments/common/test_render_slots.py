import os
import subprocess
import sys
import threading

import pytest

from assessments.common import render_slots
from assessments.common.render_slots import render_slot, slot_count
from assessments.models import RenderedReport, Round
from assessments.reporting import pdf as pdf_module
from assessments.reporting.pdf_version import report_key
from assessments.reporting.tussenstand import tussenstand_released
from tests.factories import make_scored_round

HOLD_IN_CHILD = """
import fcntl, sys, time
handle = open(sys.argv[1], "a")
fcntl.flock(handle, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(60)
"""


@pytest.fixture
def slots(settings, tmp_path):
    settings.RENDER_SLOT_DIR = str(tmp_path / "slots")
    settings.RENDER_SLOTS = 1
    return settings


def test_by_default_a_machine_renders_on_one_cpu_less_than_it_has_and_at_least_one(
    settings, monkeypatch
):
    settings.RENDER_SLOTS = 0
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert slot_count() == 7
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert slot_count() == 1
    settings.RENDER_SLOTS = 3
    assert slot_count() == 3


def run_in_thread(events: list[str], name: str, release: threading.Event) -> threading.Thread:
    def hold():
        with render_slot() as number:
            events.append(f"{name} in {number}")
            release.wait(5)
            events.append(f"{name} out")

    thread = threading.Thread(target=hold)
    thread.start()
    return thread


def test_with_one_slot_a_second_render_waits_until_the_first_is_done(slots):
    events, first_done, second_done = [], threading.Event(), threading.Event()
    first = run_in_thread(events, "first", first_done)
    while not events:
        threading.Event().wait(0.01)
    second = run_in_thread(events, "second", second_done)
    threading.Event().wait(3 * render_slots.WAIT_POLL_S)

    assert events == ["first in 0"]
    first_done.set()
    first.join(5)
    second_done.set()
    second.join(5)
    assert events == ["first in 0", "first out", "second in 0", "second out"]


def test_with_two_slots_two_renders_run_at_once(slots):
    slots.RENDER_SLOTS = 2
    events, done = [], threading.Event()
    threads = [run_in_thread(events, name, done) for name in ("first", "second")]
    for _attempt in range(200):
        if len(events) == 2:
            break
        threading.Event().wait(0.01)
    done.set()
    for thread in threads:
        thread.join(5)

    assert sorted(events[:2]) == ["first in 0", "second in 1"] or sorted(events[:2]) == [
        "first in 1",
        "second in 0",
    ]


def test_a_slot_held_by_another_process_is_free_again_when_that_process_is_killed(slots):
    path = render_slots.Path(slots.RENDER_SLOT_DIR)
    path.mkdir(parents=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_IN_CHILD, str(path / "render-slot-0.lock")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        assert render_slots._try_lock(path / "render-slot-0.lock") is None
    finally:
        holder.kill()
        holder.wait(5)
        holder.stdout.close()

    with render_slot() as number:
        assert number == 0


def test_a_render_waiting_for_a_slot_stays_queued_until_it_gets_one(
    slots, organisation, framework, no_render, monkeypatch, request
):
    round = Round.objects.select_related("organisation", "framework").get(
        pk=make_scored_round(organisation=organisation, framework=framework).pk
    )
    tussenstand_released(round)  # what the render does first in an open round
    RenderedReport.objects.create(
        round=round, language="nl", fingerprint=report_key(round, "nl"), stage="queued"
    )
    path = render_slots.Path(slots.RENDER_SLOT_DIR)
    path.mkdir(parents=True)
    other_workers_render = render_slots._try_lock(path / "render-slot-0.lock")
    request.addfinalizer(other_workers_render.close)  # also when the render never waited
    stages_while_waiting = []

    def other_render_ends(seconds):
        stages_while_waiting.append(RenderedReport.objects.get(round=round).stage)
        other_workers_render.close()

    monkeypatch.setattr(render_slots.time, "sleep", other_render_ends)

    assert pdf_module.pdf_render_stored(round_id=round.pk, language="nl") == "current"
    assert stages_while_waiting == ["queued"]
    assert RenderedReport.objects.get(round=round).stage == RenderedReport.Stage.IDLE


def test_by_default_the_slots_are_the_installations_own_under_its_var_folder(monkeypatch):
    """Two installations on one machine never share a slot (issue 29): the default folder is
    under the app's own var/, not in the machine's temporary folder."""
    import runpy
    from pathlib import Path

    monkeypatch.delenv("RENDER_SLOT_DIR", raising=False)
    monkeypatch.delenv("TASK_WORKER_DIR", raising=False)
    root = Path(render_slots.__file__).resolve().parents[2]
    values = runpy.run_path(str(root / "borgingshuis" / "settings.py"))

    assert values["RENDER_SLOT_DIR"] == str(root / "var" / "render-slots")
    assert values["TASK_WORKER_DIR"] == str(root / "var" / "workers")
