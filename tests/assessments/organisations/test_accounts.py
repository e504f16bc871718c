from django.urls import reverse


def test_login_page_is_dutch_and_logs_in(client, coordinator):
    page = client.get(reverse("login")).content.decode()
    assert "Wachtwoord vergeten?" in page and '<html lang="nl">' in page

    response = client.post(
        reverse("login"), {"username": "coordinator", "password": "geheim-wachtwoord-1"}
    )
    assert response.url == reverse("assessments:round-list")


def test_wrong_password_is_explained(client, coordinator):
    response = client.post(reverse("login"), {"username": "coordinator", "password": "fout"})
    assert "horen niet bij elkaar" in response.content.decode()


def test_password_reset_sends_a_dutch_mail(client, coordinator, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "coordinator@example.org"})
    assert response.url == reverse("password_reset_done")
    [mail] = mailoutbox
    assert mail.subject == "Nieuw wachtwoord voor Borgingshuis"
    assert "Kies een nieuw wachtwoord via deze link" in mail.body
    link = next(line for line in mail.body.splitlines() if line.startswith("http"))
    page = client.get(link, follow=True).content.decode()
    assert "Nieuw wachtwoord kiezen" in page and "new_password1" in page
