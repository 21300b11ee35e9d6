import pytest

pytestmark = pytest.mark.django_db


def robots(client) -> list[str]:
    response = client.get("/robots.txt", headers={"host": "localhost"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    return response.content.decode().splitlines()


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_editing(
    client, settings
):
    settings.SITE_URL = "https://hair.example.org"

    assert robots(client) == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /editor/markdown-preview/",
        "Disallow: /editor/image-upload/",
        "",
        "Sitemap: https://hair.example.org/sitemap.xml",
    ]


def test_robots_txt_does_not_reveal_an_admin_moved_off_its_usual_address(
    client, settings
):
    settings.ADMIN_URL = "back-office-7f3a/"

    lines = robots(client)

    assert not [line for line in lines if "admin" in line or "back-office" in line]
    assert "Disallow: /editor/markdown-preview/" in lines


def test_robots_txt_is_read_only(client):
    assert client.post("/robots.txt").status_code == 405
