"""Time the admin and count public pages' queries with content at scale.

With 1,000 published articles of 20 sections and 5,000 FAQ entries (the
issue's figures), every admin changelist should page, search and filter well
within a second, and public pages should make as many queries as with the
seed alone. Run with `make bench-scale`; `--help` lists the knobs.
"""

import argparse
import re
import sys
import tempfile
from contextlib import suppress
from pathlib import Path
from time import perf_counter
from urllib.parse import urlsplit

from django.test import Client

from .site import (
    SEED_ARTICLE,
    SEED_SLUG,
    build_site,
    get_counting_queries,
    median_ms,
    set_up_django,
    site_client,
    site_environment,
)

ADMIN_BUDGET_MS = 1000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--sections", type=int, default=20)
    parser.add_argument("--entries", type=int, default=5000)
    return parser.parse_args()


def public_paths() -> dict[str, str]:
    """Name the public pages to count queries on, with the paths that exist."""
    from django.urls import NoReverseMatch, reverse

    paths = {"home": "/", "article": SEED_ARTICLE, "FAQ": "/faq/"}
    # Pages other work adds; measured where they exist.
    for name, url_name, query in [
        ("search", "search:results", "?q=stem"),
        ("sitemap", "sitemap", ""),
    ]:
        with suppress(NoReverseMatch):
            paths[name] = reverse(url_name) + query
    return paths


def admin_paths() -> list[tuple[str, str]]:
    """Name the admin pages to time: changelists and an article's change page."""
    from django.contrib import admin
    from django.urls import reverse

    from articles.models import Article, Section
    from faq.models import Entry

    paths = [("index", reverse("admin:index"))]
    for model, filters in [
        (Article, "?review=overdue"),
        (Section, "?evidence_label__exact=established"),
        (Entry, "?status__exact=published"),
    ]:
        if not admin.site.is_registered(model):
            continue
        name = model._meta.verbose_name_plural
        changelist = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        )
        per_page = admin.site.get_model_admin(model).list_per_page
        middle = max(1, model.objects.count() // per_page // 2)
        paths += [
            (f"{name}: first page", changelist),
            (f"{name}: page {middle}", f"{changelist}?p={middle}"),
            (f"{name}: search", f"{changelist}?q=stem+cells"),
            (f"{name}: filter", changelist + filters),
        ]
    article = Article.objects.exclude(slug=SEED_SLUG).first()
    paths.append(
        (
            "article change page",
            reverse("admin:articles_article_change", args=[article.pk]),
        )
    )
    return paths


def public_costs(
    client: Client, paths: dict[str, str]
) -> dict[str, tuple[int, int, float]]:
    """Return each public page's queries, size and CPU milliseconds."""
    costs = {}
    for name, path in paths.items():
        response, queries = get_counting_queries(client, path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        _, cpu = median_ms(client, path, repeats=3)
        costs[name] = queries, len(response.content), cpu
    return costs


def make_content(articles: int, sections: int, entries: int) -> None:
    """Publish copies of the seed article and its FAQ entries, saying how long."""
    from articles.models import Article
    from faq.models import Entry

    from .content import clone_articles, clone_entries

    start = perf_counter()
    clone_articles(Article.objects.get(slug=SEED_SLUG), articles, sections, "scale")
    middle = perf_counter()
    clone_entries(list(Entry.objects.all()), entries)
    print(
        f"Published {articles:,} articles × {sections} sections in "
        f"{middle - start:.0f} s and {entries:,} FAQ entries in "
        f"{perf_counter() - middle:.0f} s.\n"
    )


def compare_public_pages(
    before: dict[str, tuple[int, int, float]], after: dict[str, tuple[int, int, float]]
) -> list[str]:
    """Print each public page's costs before and after; return any that query more."""
    print("Public pages (page cache off), with the seed → at scale")
    print(f"  {'page':<10}{'queries':>12}{'KB':>22}{'CPU ms':>20}")
    grew = []
    for name in before:
        (queries, size, cpu), (queries_after, size_after, cpu_after) = (
            before[name],
            after[name],
        )
        if queries != queries_after:
            grew.append(f"{name}: queries")
        print(
            f"  {name:<10}{queries:>6} → {queries_after:<6}"
            f"{size / 1024:>10.1f} → {size_after / 1024:<10.1f}"
            f"{cpu:>8.1f} → {cpu_after:<8.1f}"
        )
    return grew


def time_admin(client: Client) -> list[str]:
    """Time the admin pages as a medical reviewer; return those over budget."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("bench-reviewer", is_staff=True)
    user.groups.add(Group.objects.get(name="Medical reviewers"))
    client.force_login(user)
    print(
        f"\nAdmin as a medical reviewer: median of 3; budget {ADMIN_BUDGET_MS} ms "
        "of CPU time (this process runs SQLite too)"
    )
    print(f"  {'page':<30}{'path':<46}{'ms':>7}{'CPU ms':>8}{'queries':>8}")
    slow = []
    for name, path in admin_paths():
        response, queries = get_counting_queries(client, path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        wall, cpu = median_ms(client, path, repeats=3)
        verdict = "pass" if cpu < ADMIN_BUDGET_MS else "SLOW"
        if verdict == "SLOW":
            slow.append(name)
        print(
            f"  {name:<30}{path[-44:]:<46}{wall:>7.0f}{cpu:>8.0f}{queries:>8}"
            f"  {verdict}"
        )
    return slow


def report_sitemap(client: Client, path: str) -> None:
    """Say whether the sitemap is an index, and what each part holds and costs."""
    response, queries = get_counting_queries(client, path)
    body = response.content.decode()
    kind = "an index" if "<sitemapindex" in body else "one sitemap"
    parts = re.findall(r"<loc>(.*?)</loc>", body)
    print(f"\nSitemap: {path} is {kind} of {len(parts)} ({queries} queries)")
    if kind == "an index":
        for url in parts:
            part = urlsplit(url)
            part_path = f"{part.path}?{part.query}" if part.query else part.path
            response, queries = get_counting_queries(client, part_path)
            wall, _ = median_ms(client, part_path, repeats=3)
            print(
                f"  {part_path:<40}{response.content.count(b'<url>'):>7} URLs"
                f"{wall:>7.0f} ms{queries:>4} queries"
            )


def main() -> int:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="hairsite-bench-scale-") as tmp:
        print(f"Setting up a throwaway site in {tmp} …", flush=True)
        set_up_django(site_environment(Path(tmp)))
        build_site(static=True)
        client = site_client()
        paths = public_paths()
        before = public_costs(client, paths)
        make_content(args.articles, args.sections, args.entries)
        missed = compare_public_pages(before, public_costs(client, paths))
        if "sitemap" in paths:
            report_sitemap(client, paths["sitemap"])
        missed += time_admin(client)
    if missed:
        print(f"\nMissed: {', '.join(missed)}.")
    else:
        print("\nEvery admin page within budget; public query counts unchanged.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
