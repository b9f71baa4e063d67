"""How each outlet lays out its site: article addresses, feed, sitemaps, listings, page markup.

One `OutletSite` subclass per outlet, following ../shared/outlets/NOTES.md: the same paths as the
real site (so the spider's own URL rules are exercised), the markup of the golden pages, and
the same encoding (News-Asia is windows-1251 down to its feed).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from string import Template
from typing import ClassVar

from tests.site.content import SiteArticle

TEMPLATES = Path(__file__).parent / "templates"
MONTHS = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
RELATED_LINKS = 6  # other articles linked from each article page (sidebars, "read also")


_CLASS_ATTRIBUTE = re.compile(r'(\bclass=")([^"]*)(")')
RENAMED_CLASS_PREFIX = "v2-"


def rename_classes(page: str) -> str:
    """A redesign that renames every CSS class (`newsText` -> `v2-newsText`) and keeps the
    content, microdata and JSON-LD: what a site extractor keyed on classes no longer finds."""
    return _CLASS_ATTRIBUTE.sub(
        lambda m: m[1] + " ".join(RENAMED_CLASS_PREFIX + name for name in m[2].split()) + m[3],
        page,
    )


def template(outlet: str, name: str) -> Template:
    return Template((TEMPLATES / outlet / f"{name}.html").read_text(encoding="utf-8"))


def russian_date(moment: datetime, tz_hours: int) -> str:
    """`05 марта 2013 11:46`, in the outlet's local time."""
    local = moment + timedelta(hours=tz_hours)
    return f"{local.day:02d} {MONTHS[local.month - 1]} {local.year} {local:%H:%M}"


def paragraphs_html(paragraphs: tuple[str, ...], css_class: str = "") -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    return "\n".join(f"<p{attribute}>{html.escape(p)}</p>" for p in paragraphs)


class OutletSite:
    """The site layout of one outlet; `base` is the server's own address (no trailing slash)."""

    outlet: ClassVar[str]
    encoding: ClassVar[str] = "utf-8"
    charset: ClassVar[str] = "utf-8"  # the same encoding, as HTTP and XML name it
    html_content_type: ClassVar[str] = "text/html; charset=utf-8"
    tz_hours: ClassVar[int] = 6
    feed_path: ClassVar[str]
    listing_roots: ClassVar[tuple[str, ...]] = ()
    sections: ClassVar[tuple[tuple[str, str], ...]]  # (path segment, display name)
    paragraph_class: ClassVar[str] = ""
    sitemap_size = 0  # articles per sitemap file, for outlets that have sitemaps

    def __init__(self, base: str) -> None:
        self.base = base
        self.article_template = template(self.outlet, "article")
        self.related_template = template(self.outlet, "related")
        has_listing = bool(self.listing_roots)
        self.listing_template = template(self.outlet, "listing") if has_listing else None
        self.item_template = template(self.outlet, "item") if has_listing else None

    # -- addresses ----------------------------------------------------------------------------
    def section(self, number: int) -> tuple[str, str]:
        return self.sections[number % len(self.sections)]

    def article_paths(self, number: int) -> tuple[str, ...]:
        """Every path that serves this article; the first is its canonical one."""
        raise NotImplementedError

    def feed_link(self, number: int) -> str:
        """The address the feed gives (feeds often add tracking parameters)."""
        return self.url(number)

    def listing_link(self, number: int) -> str:
        return self.url(number)

    def url(self, number: int) -> str:
        return self.base + self.article_paths(number)[0]

    def listing_page_path(self, root: str, page: int) -> str:
        raise NotImplementedError

    def listing_members(self, root: str, numbers: list[int]) -> list[int]:
        """The articles a listing root shows, newest first."""
        return numbers

    def sitemap_files(self, numbers: list[int]) -> dict[str, list[int]]:
        """Sitemap path -> the articles it lists; empty when the outlet has no sitemap."""
        return {}

    def sitemap_index_path(self) -> str | None:
        return None

    # -- pages --------------------------------------------------------------------------------
    def date_text(self, moment: datetime) -> str:
        return russian_date(moment, self.tz_hours)

    def article_fields(
        self, article: SiteArticle, revision: int, modified: datetime, related: list[SiteArticle]
    ) -> dict[str, str]:
        section, section_title = self.section(article.number)
        return {
            "base": self.base,
            "url": self.url(article.number),
            "number": str(article.number),
            "title": html.escape(article.title),
            "title_json": json.dumps(article.title, ensure_ascii=False)[1:-1],
            "lead": html.escape(article.lead),
            "section": section,
            "section_title": section_title,
            "published_iso": article.published.isoformat(),
            "published_date": article.published.date().isoformat(),
            "modified_iso": modified.isoformat(),
            "date_text": self.date_text(article.published),
            "paragraphs": paragraphs_html(article.body(revision), self.paragraph_class),
            "related": "\n".join(
                self.related_template.substitute(
                    base=self.base,
                    href=self.listing_link(other.number),
                    title=html.escape(other.title),
                    lead=html.escape(other.lead),
                    number=other.number,
                    date_text=self.date_text(other.published),
                )
                for other in related
            ),
        }

    def render_article(
        self, article: SiteArticle, revision: int, modified: datetime, related: list[SiteArticle]
    ) -> str:
        fields = self.article_fields(article, revision, modified, related)
        return self.article_template.substitute(fields)

    def render_listing(self, root: str, page: int, articles: list[SiteArticle], last: int) -> str:
        assert self.listing_template is not None and self.item_template is not None
        items = "\n".join(
            self.item_template.substitute(
                base=self.base,
                href=self.listing_href(a.number),
                title=html.escape(a.title),
                lead=html.escape(a.lead),
                number=a.number,
                date_text=self.date_text(a.published),
                time_text=f"{a.published + timedelta(hours=self.tz_hours):%H:%M}",
            )
            for a in articles
        )
        section_title = next((t for s, t in self.sections if root == f"/{s}/"), "Новости")
        return self.listing_template.substitute(
            base=self.base,
            items=items,
            pagination=self.pagination_html(root, page, last),
            section_title=section_title,
        )

    def listing_href(self, number: int) -> str:
        return self.listing_link(number)

    def pagination_html(self, root: str, page: int, last: int) -> str:
        links = []
        for target in (1, page - 1, page + 1, last):
            if 1 <= target <= last and target != page:
                path = root if target == 1 else self.listing_page_path(root, target)
                links.append(f'<a href="{self.base}{path}">{target}</a>')
        return " ".join(dict.fromkeys(links))

    def render_feed(self, articles: list[SiteArticle]) -> str:
        items = "\n".join(
            "<item>"
            f"<title>{html.escape(a.title)}</title>"
            f"<link>{html.escape(self.feed_link(a.number))}</link>"
            f'<guid isPermaLink="false">{self.outlet}-{a.number}</guid>'
            f"<description>{html.escape(a.lead)}</description>"
            f"<pubDate>{format_datetime(a.published)}</pubDate>"
            "</item>"
            for a in articles
        )
        return (
            f'<?xml version="1.0" encoding="{self.charset}"?>\n'
            '<rss version="2.0"><channel>'
            f"<title>{self.outlet}</title><link>{self.base}/</link>"
            f"<description>Новости</description>\n{items}\n</channel></rss>\n"
        )


class NewsAsiaSite(OutletSite):
    outlet = "news-asia"
    encoding = "cp1251"
    charset = "windows-1251"
    html_content_type = "text/html"  # no charset: the page's <meta> says windows-1251
    feed_path = "/rss/all"
    listing_roots = ("/",)
    sections = (("5", "Кыргызстан"), ("3", "Казахстан"), ("7", "Узбекистан"))

    def article_paths(self, number: int) -> tuple[str, ...]:
        return (f"/view/{self.section(number)[0]}/{10000 + number}",)

    def feed_link(self, number: int) -> str:
        # The real feed is served over plain http with www.: the key must not care.
        return f"{self.url(number)}?utm_source=rss&utm_medium=feed"

    def listing_page_path(self, root: str, page: int) -> str:
        return f"{root}?pg={page}"


class TassSite(OutletSite):
    outlet = "tass"
    tz_hours = 3
    feed_path = "/rss/v2.xml"
    sections = (
        ("politika", "Политика"),
        ("ekonomika", "Экономика"),
        ("mezhdunarodnaya-panorama", "Международная панорама"),
    )
    paragraph_class = "Paragraph_paragraph__nYCys"
    sitemap_size = 100  # articles per news sitemap file (the real files hold ~1,000)

    def article_paths(self, number: int) -> tuple[str, ...]:
        return (f"/{self.section(number)[0]}/{25000000 + number}",)

    def sitemap_index_path(self) -> str | None:
        return "/sitemap.xml"

    def sitemap_files(self, numbers: list[int]) -> dict[str, list[int]]:
        newest_first = sorted(numbers, reverse=True)
        size = self.sitemap_size
        files = {
            f"/sitemap/sitemap_news{k}.xml": newest_first[start : start + size]
            for k, start in enumerate(range(0, len(newest_first), size))
        }
        files["/sitemap/sitemap_tags.xml"] = []  # not a news sitemap: the spider skips it
        return files


class Kg24Site(OutletSite):
    outlet = "24kg"
    feed_path = "/rss/"
    listing_roots = ("/vlast/", "/obschestvo/", "/biznes_info/")
    sections = (("vlast", "Власть"), ("obschestvo", "Общество"), ("biznes_info", "Бизнес"))

    def article_id(self, number: int) -> int:
        return 200000 + number

    def article_paths(self, number: int) -> tuple[str, ...]:
        section, article_id = self.section(number)[0], self.article_id(number)
        long = f"/{section}/{article_id}_soobschenie_nomer_{number}/"
        return (long, f"/{section}/{article_id}/", f"{long}amp")

    def date_text(self, moment: datetime) -> str:
        """`14:40, 26 ноября 2025`, as 24.kg prints it."""
        local = moment + timedelta(hours=self.tz_hours)
        return f"{local:%H:%M}, {local.day} {MONTHS[local.month - 1]} {local.year}"

    def listing_href(self, number: int) -> str:
        # Listings link relatively, as on the saved 24.kg pages.
        return self.article_paths(number)[0]

    def listing_link(self, number: int) -> str:
        return self.base + self.article_paths(number)[1]  # "read also" uses the short form

    def listing_page_path(self, root: str, page: int) -> str:
        return f"{root}page_{page}/"

    def listing_members(self, root: str, numbers: list[int]) -> list[int]:
        return [n for n in numbers if f"/{self.section(n)[0]}/" == root]

    def article_fields(
        self, article: SiteArticle, revision: int, modified: datetime, related: list[SiteArticle]
    ) -> dict[str, str]:
        fields = super().article_fields(article, revision, modified, related)
        fields["short_url"] = self.base + self.article_paths(article.number)[1]
        # "Читайте по теме" sits inside the article body on 24.kg.
        fields["see_also"] = "".join(
            f'<div class="one"><a href="{self.listing_link(o.number)}">'
            f"{html.escape(o.title)}</a></div>"
            for o in related[:2]
        )
        return fields


class RealistSite(OutletSite):
    outlet = "realist"
    feed_path = "/feed/"
    listing_roots = ("/",)
    sections = (("politika", "Политика"), ("ekonomika", "Экономика"))
    sitemap_size = 200  # posts per sitemap file (WordPress puts up to 2,000 in each)

    def article_paths(self, number: int) -> tuple[str, ...]:
        # Dates in the path are the site's local ones; one post a day keeps them unique.
        day = datetime(2020, 1, 1) + timedelta(days=number)
        return (f"/{day:%Y/%m/%d}/soobschenie-{number}/",)

    def listing_page_path(self, root: str, page: int) -> str:
        return f"{root}page/{page}/"

    def sitemap_index_path(self) -> str | None:
        return "/wp-sitemap.xml"

    def sitemap_files(self, numbers: list[int]) -> dict[str, list[int]]:
        oldest_first = sorted(numbers)
        size = self.sitemap_size
        files = {
            f"/wp-sitemap-posts-post-{k + 1}.xml": oldest_first[start : start + size]
            for k, start in enumerate(range(0, len(oldest_first), size))
        }
        files["/wp-sitemap-taxonomies-category-1.xml"] = []
        return files


OUTLET_SITES: dict[str, type[OutletSite]] = {
    site.outlet: site for site in (NewsAsiaSite, TassSite, Kg24Site, RealistSite)
}


def sitemap_xml(entries: Iterator[tuple[str, datetime | None]], index: bool = False) -> str:
    """A sitemap (or a sitemap index) of (address, lastmod) pairs."""
    root, item = ("sitemapindex", "sitemap") if index else ("urlset", "url")
    rows = "\n".join(
        f"<{item}><loc>{html.escape(loc)}</loc>"
        + (f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else "")
        + f"</{item}>"
        for loc, lastmod in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}\n</{root}>\n'
    )
