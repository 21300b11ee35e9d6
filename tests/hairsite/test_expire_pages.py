from io import StringIO

from django.core.management import call_command

from tests.factories import make_entry

from .test_page_cache import is_served_from_cache, warm


def test_expire_pages_makes_every_stored_page_render_afresh(
    db, client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    make_entry()
    for url in ["/", "/faq/"]:
        warm(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_pages", stdout=StringIO())

    for url in ["/", "/faq/"]:
        assert not is_served_from_cache(client, url, django_assert_max_num_queries)
