"""The privacy page and the README say plainly what the logboek shows about invitations and
"Zelf invullen", and what it cannot prevent: a coordinator inviting addresses they control."""

from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def test_the_privacy_page_says_what_the_logboek_shows_and_what_remains_possible(client, db):
    page = client.get(reverse("privacy")).content.decode()
    assert 'id="logboek"' in page
    assert "Alle coördinatoren en lezers van de organisatie kunnen het lezen" in page
    assert "Bij een uitnodiging staat het e-mailadres van wie is uitgenodigd." in page
    assert "Eigen vragenlijst van een coördinator" in page
    assert "een coördinator kan adressen uitnodigen die van hemzelf zijn" in page
    assert "Alleen de coördinatoren van de organisatie en de beheerder" not in page


def test_the_privacy_page_says_it_in_english_too(client, db):
    with translation.override("en"):
        url = reverse("privacy")
    page = client.get(url).content.decode()
    assert "What the log cannot prevent: a coordinator can invite addresses they" in page


def test_the_readme_has_its_own_section_on_what_the_logboek_shows():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    section = readme.split("### Wat het logboek laat zien", 1)[1].split("\n## ", 1)[0]
    words = " ".join(section.split())
    assert "Zelf invullen" in words and "lezers" in words
    assert "een coördinator kan adressen uitnodigen die van hemzelf zijn" in words
