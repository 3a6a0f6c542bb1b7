"""'Did you understand this page?': anonymous counts, rate limit, cacheable pages, the report."""

import re

import pytest
from django.test import override_settings

from pictures.models import UnderstandingCount
from pictures.understanding import make_token

STEP = "/sv/fran-nyanland-till-nyanstalld/gemensam-ingang-och-en-egen-plan/"
ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


def token_on(html):
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


@pytest.mark.django_db
def test_every_content_page_asks_and_stays_cacheable(client):
    response = client.get(f"{STEP}lattlast/")
    html = response.content.decode()
    assert "Förstod du den här sidan?" in html
    assert html.count('name="answer"') == 3
    assert "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in response.cookies


@pytest.mark.django_db
def test_an_answer_is_counted_per_page_level_and_language_and_thanked(client, demo_page):
    token = token_on(client.get(f"/ar{STEP[3:]}lattlast/").content.decode())
    response = client.post("/ar/forstod/", {"token": token, "answer": "no"}, **ORIGIN)
    assert response.status_code == 200
    assert 'lang="ar"' in response.content.decode()
    row = UnderstandingCount.objects.get()
    assert (row.page_id, row.level, row.language, row.answer, row.count) == (
        demo_page("step-entry", "ar").pk,
        "easy",
        "ar",
        "no",
        1,
    )
    client.post("/ar/forstod/", {"token": token, "answer": "no"}, **ORIGIN)
    assert UnderstandingCount.objects.get().count == 2


@pytest.mark.django_db
def test_forged_token_other_origin_or_unknown_answer_is_refused_clearly(client, demo_page):
    token = make_token(demo_page("step-entry").pk, "standard", "sv")
    bad = [
        ({"token": "forged", "answer": "yes"}, ORIGIN),
        ({"token": token, "answer": "maybe"}, ORIGIN),
        ({"token": token, "answer": "yes"}, {"HTTP_ORIGIN": "https://evil.example.org"}),
        ({"token": token, "answer": "yes"}, {}),
    ]
    for data, headers in bad:
        response = client.post("/sv/forstod/", data, **headers)
        assert response.status_code == 400
        assert "Ditt svar sparades inte" in response.content.decode()
    assert not UnderstandingCount.objects.exists()
    assert client.get("/sv/forstod/").status_code == 405


@pytest.mark.django_db
@override_settings(UNDERSTANDING_RATE_LIMIT=(3, 3600))
def test_answers_are_rate_limited_with_a_message(client, demo_page):
    token = make_token(demo_page("step-entry").pk, "standard", "sv")
    for _ in range(3):
        response = client.post("/sv/forstod/", {"token": token, "answer": "yes"}, **ORIGIN)
        assert response.status_code == 200
    response = client.post("/sv/forstod/", {"token": token, "answer": "yes"}, **ORIGIN)
    assert response.status_code == 429
    assert "Försök igen om en timme" in response.content.decode()
    assert UnderstandingCount.objects.get().count == 3


@pytest.mark.django_db
def test_report_lists_the_least_understood_page_first(client, demo_page, django_user_model):
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user("editor", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    for key, answer, times in (("step-entry", "yes", 3), ("step-sfi", "no", 2)):
        token = make_token(demo_page(key).pk, "standard", "sv")
        for _ in range(times):
            client.post("/sv/forstod/", {"token": token, "answer": answer}, **ORIGIN)
    client.force_login(editor)
    html = client.get("/admin/reports/least-understood/").content.decode()
    assert html.index(demo_page("step-sfi").title) < html.index(demo_page("step-entry").title)
    client.logout()
    nobody = django_user_model.objects.create_user("nobody", password="x")
    client.force_login(nobody)
    assert client.get("/admin/reports/least-understood/").status_code in (302, 403)
