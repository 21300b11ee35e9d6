import re

import pytest
from django.urls import reverse

from disclaimers.models import Disclaimer
from disclaimers.registry import REQUIRED_DISCLAIMERS
from tests.factories import make_article, make_disclaimer, make_entry, make_section


def disclaimer_keys(html: str) -> list[str]:
    return re.findall(r'data-disclaimer="([^"]*)"', html)


def get_page(client) -> str:
    response = client.get(reverse("disclaimers:page"))
    assert response.status_code == 200
    return response.content.decode()


def test_disclaimer_page_shows_every_required_disclaimer(db, client):
    html = get_page(client)

    assert set(disclaimer_keys(html)) == set(REQUIRED_DISCLAIMERS)
    for key in REQUIRED_DISCLAIMERS:
        assert f'data-disclaimer="{key}"' in html


def test_disclaimer_page_shows_built_in_wording_when_nothing_is_stored(db, client):
    assert not Disclaimer.objects.exists()

    html = get_page(client)

    for key, required in REQUIRED_DISCLAIMERS.items():
        assert required.title in html
        assert Disclaimer.builtin(key).text_html in html


@pytest.mark.parametrize("key", ["medical-advice", "safety", "cost-clinics"])
def test_disclaimer_page_shows_the_reworded_record(db, client, key):
    make_disclaimer(key, title="Freshly reworded", text="Entirely **new** words.")

    html = get_page(client)

    assert "Freshly reworded" in html
    assert "<p>Entirely <strong>new</strong> words.</p>" in html
    assert Disclaimer.builtin(key).text_html not in html


def test_disclaimer_page_falls_back_to_built_in_wording_for_missing_records(db, client):
    stored = [key for key in REQUIRED_DISCLAIMERS if key != "evidence"]
    for key in stored:
        make_disclaimer(key, text=f"Stored wording for {key}.")

    html = get_page(client)

    assert set(disclaimer_keys(html)) == set(REQUIRED_DISCLAIMERS)
    assert Disclaimer.builtin("evidence").text_html in html
    for key in stored:
        assert f"Stored wording for {key}." in html


def test_disclaimer_page_loads_every_disclaimer_in_one_query(
    db, client, django_assert_num_queries
):
    make_disclaimer("safety")

    with django_assert_num_queries(1):
        get_page(client)


# Published pages keep disclaimer keys, not wording: a rewording shows at once.
@pytest.mark.parametrize("where", ["article", "faq"])
def test_rewording_reaches_published_pages_without_republishing(db, client, where):
    disclaimer = make_disclaimer("safety", text="Old safety wording.")
    article = make_article()
    make_section(article, topics=["safety"])
    make_entry(topics=["safety"])
    url = article.get_absolute_url() if where == "article" else reverse("faq:list")
    assert "Old safety wording." in client.get(url).content.decode()

    disclaimer.text = "New safety wording."
    disclaimer.save()

    html = client.get(url).content.decode()
    assert "New safety wording." in html
    assert "Old safety wording." not in html
