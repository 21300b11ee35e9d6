import pytest

from tests.hairsite.test_deploy import manage

PROBE = (
    "from django.test import Client; "
    "print(Client().get('/readyz').status_code, Client().get('/healthz').status_code)"
)


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_200_when_database_and_cache_answer(client):
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_is_503_when_the_page_cache_cannot_store(client, settings, tmp_path):
    # A file where the cache's directory should be: nobody, root included, writes.
    location = tmp_path / "pages"
    location.write_text("")
    settings.CACHES = {
        **settings.CACHES,
        "pages": {**settings.CACHES["pages"], "LOCATION": str(location)},
    }

    response = client.get("/readyz")

    assert response.status_code == 503
    assert b"cache 'pages'" in response.content


def test_readyz_is_503_and_healthz_200_when_the_database_is_unreachable():
    # Nothing listens on port 9 of this machine: a real, refused connection.
    result = manage(
        "shell", "--no-imports", "-c", PROBE,
        DATABASE_URL="postgres://nobody@127.0.0.1:9/none",
        DJANGO_ALLOWED_HOSTS="testserver",
    )  # fmt: skip
    assert result.stdout.split()[-2:] == ["503", "200"], result.stderr
