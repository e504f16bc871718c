import subprocess
from pathlib import Path

from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def test_committed_english_catalog_is_compiled_and_complete(tmp_path):
    """The .mo is committed so a fresh clone needs no gettext; it must match the .po, and the
    .po must have no untranslated or fuzzy entries."""
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(compiled), str(LOCALE / "django.po")], check=True
    )
    statistics = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(LOCALE / "django.po")],
        check=True,
        capture_output=True,
        text=True,
    ).stderr

    assert compiled.read_bytes() == (LOCALE / "django.mo").read_bytes()
    assert "untranslated" not in statistics and "fuzzy" not in statistics, statistics
