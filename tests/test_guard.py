import pytest
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from newsasia_spider.downloadermiddlewares.scope_guard import ScopeGuardMiddleware


class OutletSpider(Spider):
    name = "outlet"
    allowed_domains = ("24.kg", "24-kg.com")


def make_guard(**settings) -> ScopeGuardMiddleware:
    crawler = get_crawler(OutletSpider, settings_dict=settings)
    crawler.spider = crawler._create_spider()
    return ScopeGuardMiddleware.from_crawler(crawler)


@pytest.mark.parametrize(
    "url",
    ["https://24.kg/vlast/1/", "https://www.24.kg/rss/", "http://24-kg.com/obschestvo/2/"],
)
def test_outlet_urls_pass(url):
    assert make_guard().process_request(Request(url)) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "scheme"),
        ("ftp://24.kg/x", "scheme"),
        ("http://127.0.0.1:8080/", "loopback"),
        ("http://localhost/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "private_address"),
        ("http://10.0.0.5/", "private_address"),
        ("http://192.168.1.1/", "private_address"),
        ("http://172.16.0.1/", "private_address"),
        ("http://[fe80::1]/", "private_address"),
        ("https://evil.example/24.kg", "offsite"),
        ("https://24.kg.evil.example/", "offsite"),
    ],
)
def test_refused_and_counted_even_with_dont_filter(url, reason):
    guard = make_guard()
    with pytest.raises(IgnoreRequest, match=reason):
        guard.process_request(Request(url, dont_filter=True))
    assert guard.crawler.stats.get_value(f"newsasia/refused/{reason}") == 1


def test_loopback_allowed_only_by_setting():
    guard = make_guard(NEWSASIA_ALLOW_LOOPBACK=True)
    assert guard.process_request(Request("http://127.0.0.1:8080/rss/")) is None
    with pytest.raises(IgnoreRequest):
        guard.process_request(Request("http://10.1.2.3/"))


def test_refusal_logged_once_per_host(caplog):
    guard = make_guard()
    for _ in range(3):
        with pytest.raises(IgnoreRequest):
            guard.process_request(Request("http://169.254.169.254/x"))
    assert len([r for r in caplog.records if "Refused" in r.message]) == 1
    assert guard.crawler.stats.get_value("newsasia/refused/private_address") == 3
