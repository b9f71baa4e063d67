"""URL canonicalisation: every address of one article gives one key, and fetch URLs stay valid."""

import pytest

from newsasia_spider.urls import fetch_url, url_key

SAME_ARTICLE = [
    # One ТАСС number under two rubrics is one article (issue 14 item 5; this pair was listed
    # as two pages before the outlet record's identity rule).
    pytest.param(
        ["https://tass.ru/politika/25730417", "https://tass.ru/ekonomika/25730417"],
        id="tass-one-number-two-rubrics",
    ),
    pytest.param(
        [
            "https://24.kg/vlast/352364/",
            "https://24.kg/vlast/352364_peregovory_japarova_i_putina/",
            "https://24-kg.com/vlast/352364_peregovory_japarova_i_putina/amp",
            "http://www.24.kg/vlast/352364_peregovory_japarova_i_putina/?utm_source=telegram",
            "https://24.kg/vlast/352364",
        ],
        id="24kg-short-long-mirror-amp",
    ),
    pytest.param(
        [
            "https://tass.ru/politika/25730417",
            "https://tass.ru/politika/25730417/",
            "https://tass.ru/politika/25730417?utm_source=yandex&utm_medium=news",
            "https://www.tass.ru/politika/25730417#comments",
            "https://tass.ru/politika/25730417/amp",
            "https://tass.ru/politika/25730417?amp=1",
            "https://tass.ru/politika/25730417?fbclid=IwAR0abc&yclid=123",
        ],
        id="tass-tracking-amp-www-slash",
    ),
    pytest.param(
        [
            "http://www.news-asia.ru/view/5/10322",
            "https://news-asia.ru/view/5/10322",
            "HTTPS://WWW.NEWS-ASIA.RU/view/5/10322/",
        ],
        id="news-asia-scheme-host-case",
    ),
    pytest.param(
        [
            "https://www.news-asia.ru/tag/%D0%9C%D1%8D%D1%80?pg=38",
            "https://www.news-asia.ru/tag/%d0%9c%d1%8d%d1%80?pg=38",
            "https://www.news-asia.ru/tag/Мэр?pg=38",
            "https://www.news-asia.ru/tag/%D0%9C%D1%8D%D1%80?pg=38&utm_campaign=x",
        ],
        id="percent-escape-case-and-raw-unicode",
    ),
    pytest.param(
        [
            "https://realist.kg/2025/11/26/moskva-i-bishkek/",
            "https://realist.kg/2025/11/26/moskva-i-bishkek/amp/",
            "https://www.realist.kg/2025/11/26/moskva-i-bishkek",
        ],
        id="wordpress-amp-slash",
    ),
]


@pytest.mark.parametrize("addresses", SAME_ARTICLE)
def test_every_address_of_an_article_has_one_key(addresses: list[str]) -> None:
    keys = {url_key(address) for address in addresses}
    assert len(keys) == 1, keys


DIFFERENT_PAGES = [
    ("https://24.kg/vlast/352364/", "https://24.kg/vlast/352365/"),
    ("https://24.kg/vlast/352364/", "https://24.kg/obschestvo/352364/"),
    ("https://www.news-asia.ru/?pg=2", "https://www.news-asia.ru/?pg=3"),
    ("https://www.news-asia.ru/view/5/10322", "https://www.news-asia.ru/view/5/10323"),
    ("https://tass.ru/politika/25730417", "https://spec.tass.ru/politika/25730417"),
    ("http://127.0.0.1:8001/view/1/2", "http://127.0.0.1:8002/view/1/2"),
]


@pytest.mark.parametrize(("first", "second"), DIFFERENT_PAGES)
def test_different_pages_keep_different_keys(first: str, second: str) -> None:
    assert url_key(first) != url_key(second)


def test_key_is_a_stable_fixed_point() -> None:
    address = "http://WWW.24-kg.com/vlast/352364_slug/amp?utm_source=x&b=2&a=1#top"
    key = url_key(address)
    assert key == "https://24.kg/vlast/352364?a=1&b=2"
    assert url_key(key) == key


def test_outlet_rule_applies_on_any_host() -> None:
    # The local test site (or a mirror) serves 24.kg paths under another host.
    long = "http://127.0.0.1:8000/vlast/200001_soobschenie/"
    short = "http://127.0.0.1:8000/vlast/200001/"
    assert url_key(long, "24kg") == url_key(short, "24kg")
    assert url_key(long) != url_key(short)  # no outlet, no 24.kg rule for an unknown host


def test_local_addresses_keep_their_scheme() -> None:
    assert url_key("http://127.0.0.1:8000/x/") == "http://127.0.0.1:8000/x"
    assert url_key("http://localhost:8000/x") == "http://localhost:8000/x"
    assert url_key("http://tass.ru/x") == "https://tass.ru/x"


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (
            "https://24-kg.com/obschestvo/350798_nedelya/amp",
            "https://24-kg.com/obschestvo/350798_nedelya/",
        ),
        (
            "https://tass.ru/politika/25730417?utm_source=rss&pg=2#x",
            "https://tass.ru/politika/25730417?pg=2",
        ),
        ("http://www.news-asia.ru/view/5/10322", "http://www.news-asia.ru/view/5/10322"),
        (
            "https://www.news-asia.ru/tag/%d0%9c%d1%8d%d1%80?pg=38",
            "https://www.news-asia.ru/tag/%D0%9C%D1%8D%D1%80?pg=38",
        ),
    ],
)
def test_fetch_url_drops_only_what_never_changes_the_page(address: str, expected: str) -> None:
    assert fetch_url(address) == expected


def test_a_tass_article_is_its_number_whatever_the_host_or_rubric() -> None:
    """Issue 14 item 5: one ТАСС article under two rubrics and on nauka.tass.ru is one key."""
    addresses = (
        "https://tass.ru/mezhdunarodnaya-panorama/25705751",
        "https://nauka.tass.ru/nauka/25705751",
        "https://tass.ru/nauka/25705751/",
        "http://www.tass.ru/nauka/25705751?utm_source=rss",
    )
    assert {url_key(address) for address in addresses} == {"https://tass.ru/25705751"}
    assert {url_key(address, "tass") for address in addresses} == {"https://tass.ru/25705751"}
    # Other numbers are other articles; a page that is no article keeps its host and path.
    assert url_key("https://tass.ru/nauka/25705752") != url_key(addresses[0])
    assert url_key("https://tass.ru/sitemap/sitemap_news0.xml") == (
        "https://tass.ru/sitemap/sitemap_news0.xml"
    )
    assert url_key("https://spec.tass.ru/vybory/") == "https://spec.tass.ru/vybory"
    # On the local test site the outlet's rule applies, and the host stays.
    assert url_key("http://127.0.0.1:8001/politika/25000007", "tass") == (
        "http://127.0.0.1:8001/25000007"
    )
