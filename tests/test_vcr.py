"""Record a real crawl of a local site into a cassette, then replay it with the site gone.

Crawls run in subprocesses (`python -m scrapy crawl`, the command users type): a Twisted
reactor cannot restart in one process, and the exit status is part of what is tested.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.settings import Settings
from vcr.cassette import Cassette

from newsasia_spider.addons.record_replay import VcrAddon
from newsasia_spider.downloadhandlers.cassette import CassetteDownloadHandler
from newsasia_spider.extensions.cassette_session import CassetteSession
from newsasia_spider.vcr import to_scrapy_response, write_cassette

pytest_plugins = ["netguard"]
pytestmark = pytest.mark.usefixtures("no_internet")

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent

CP1251_PAGE = (
    "<html><head><meta charset='windows-1251'><title>Новости Бишкека</title></head>"
    "<body><p>Жогорку Кенеш обсудил бюджет.</p></body></html>"
).encode("cp1251")
UTF8_PAGE = (
    "<html><head><title>Ташкент — новости</title></head>\r\n"
    "<body><p>Текст статьи.  </p>\r\n</body></html>"
).encode()
GZIP_PLAIN_PAGE = "<html><head><title>Сжатая страница</title></head></html>".encode()
GZIP_WIRE_BODY = gzip.compress(GZIP_PLAIN_PAGE, mtime=0)
MISSING_BODY = b"<html><head><title>Not found</title></head></html>"
SITE_PATHS = ("/cp1251.html", "/gzip.html", "/redirect", "/missing")
# What the spider sees per path after Scrapy's middlewares (redirect followed, gzip decoded).
EXPECTED_BODIES = {
    "/cp1251.html": CP1251_PAGE,
    "/gzip.html": GZIP_PLAIN_PAGE,
    "/redirect": UTF8_PAGE,
    "/missing": MISSING_BODY,
}


# path -> (status, headers, body); any other path is a 404.
SITE_PAGES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/cp1251.html": (200, {"Content-Type": "text/html; charset=windows-1251"}, CP1251_PAGE),
    "/gzip.html": (
        200,
        {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
        GZIP_WIRE_BODY,
    ),
    "/redirect": (301, {"Location": "/utf8.html"}, b""),
    "/utf8.html": (200, {"Content-Type": "text/html; charset=utf-8"}, UTF8_PAGE),
}


class LocalSite(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status, headers, body = SITE_PAGES.get(
            self.path, (404, {"Content-Type": "text/html"}, MISSING_BODY)
        )
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_local_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), LocalSite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Crawl:
    exit_code: int
    log: str
    items: list[dict]

    def item(self, requested_url: str) -> dict:
        return next(item for item in self.items if item["requested"] == requested_url)


def run_crawl(
    tmp_path: Path,
    base_url: str,
    paths: tuple[str, ...],
    *settings: str,
    env: dict[str, str] | None = None,
) -> Crawl:
    items_file = tmp_path / f"items-{len(list(tmp_path.glob('items-*')))}.jsonl"
    command = [
        sys.executable, "-m", "scrapy", "crawl", "vcr_test_site",
        "-a", f"base_url={base_url}", "-a", f"paths={','.join(paths)}",
        "-O", str(items_file), "-s", "SPIDER_MODULES=vcr_spiders",
    ]  # fmt: skip
    for setting in settings:
        command += ["-s", setting]
    environment = {k: v for k, v in os.environ.items() if k != "VCR_RECORD_MODE"}
    # The project's archive middlewares get an empty database of their own.
    environment.update(
        PYTHONPATH=str(TESTS), NEWSASIA_DB=str(tmp_path / "archive.sqlite"), **(env or {})
    )
    done = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    lines = items_file.read_text(encoding="utf-8").splitlines() if items_file.exists() else []
    items = [json.loads(line) for line in lines]
    return Crawl(done.returncode, done.stderr, items)


def stats(crawl: Crawl) -> str:
    return crawl.log.split("Dumping Scrapy stats:", 1)[1]


@dataclass
class Recording:
    base_url: str  # nothing listens there any more
    cassette: Path
    record: Crawl
    live: Crawl


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Recording:
    tmp_path = tmp_path_factory.mktemp("vcr")
    cassette = tmp_path / "cassettes" / "site.yaml"
    with serve_local_site() as base_url:
        record = run_crawl(
            tmp_path,
            base_url,
            SITE_PATHS,
            f"VCR_CASSETTE={cassette}",
            env={"VCR_RECORD_MODE": "new_episodes"},
        )
        live = run_crawl(tmp_path, base_url, SITE_PATHS)
    return Recording(base_url, cassette, record, live)


@pytest.fixture(scope="module")
def replay(recording: Recording, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    return run_crawl(
        tmp_path_factory.mktemp("replay"),
        recording.base_url,
        SITE_PATHS,
        f"VCR_CASSETTE={recording.cassette}",
    )


def by_request(crawl: Crawl) -> dict[str, dict]:
    return {item["requested"]: item for item in crawl.items}


def test_record_crawl_writes_every_hop_raw(recording: Recording) -> None:
    assert recording.record.exit_code == 0, recording.record.log
    assert "'vcr/recorded': 6" in stats(recording.record)  # robots.txt, 4 pages, 1 redirect hop
    assert "'vcr/played'" not in stats(recording.record)

    cassette = Cassette.load(path=str(recording.cassette))  # plain vcrpy reads it
    recorded = {
        request.uri.removeprefix(recording.base_url): response
        for request, response in zip(cassette.requests, cassette.responses, strict=True)
    }
    assert sorted(recorded) == ["/cp1251.html", "/gzip.html", "/missing", "/redirect",
                                "/robots.txt", "/utf8.html"]  # fmt: skip
    assert recorded["/gzip.html"]["body"]["string"] == GZIP_WIRE_BODY
    assert recorded["/gzip.html"]["headers"]["Content-Encoding"] == ["gzip"]
    assert recorded["/cp1251.html"]["body"]["string"] == CP1251_PAGE
    assert recorded["/utf8.html"]["body"]["string"] == UTF8_PAGE
    assert recorded["/redirect"]["status"]["code"] == 301
    assert recorded["/redirect"]["headers"]["Location"] == ["/utf8.html"]
    assert recorded["/missing"]["status"] == {"code": 404, "message": "Not Found"}
    assert recorded["/robots.txt"]["status"]["code"] == 404
    assert all("User-Agent" in request.headers for request in cassette.requests)


def test_cassette_stores_non_utf8_bodies_as_base64(recording: Recording) -> None:
    text = recording.cassette.read_text(encoding="utf-8")
    assert text.startswith("# vcrpy cassette written by newsasia_spider.vcr")
    assert text.count("string: !!binary") == 2  # windows-1251 and gzip
    assert "Ташкент — новости" in text  # UTF-8 stays readable


def test_replay_without_the_site_matches_the_recorded_crawl(
    recording: Recording, replay: Crawl
) -> None:
    assert replay.exit_code == 0, replay.log
    assert "'vcr/played': 6" in stats(replay)
    assert "'vcr/recorded'" not in stats(replay)
    assert "'finish_reason': 'finished'" in stats(replay)

    assert len(replay.items) == len(SITE_PATHS)
    assert by_request(replay) == by_request(recording.record) == by_request(recording.live)
    for path, body in EXPECTED_BODIES.items():
        item = replay.item(recording.base_url + path)
        assert base64.b64decode(item["body_base64"]) == body
    assert replay.item(recording.base_url + "/cp1251.html")["encoding"] == "cp1251"
    assert replay.item(recording.base_url + "/cp1251.html")["title"] == "Новости Бишкека"
    assert replay.item(recording.base_url + "/redirect")["url"].endswith("/utf8.html")
    assert replay.item(recording.base_url + "/missing")["status"] == 404


def test_replay_leaves_the_cassette_untouched(recording: Recording, replay: Crawl) -> None:
    assert replay.exit_code == 0
    reloaded = Cassette.load(path=str(recording.cassette))
    assert len(reloaded) == 6


def test_unrecorded_request_fails_the_crawl(recording: Recording, tmp_path: Path) -> None:
    crawl = run_crawl(
        tmp_path,
        recording.base_url,
        (*SITE_PATHS, "/not-recorded.html"),
        f"VCR_CASSETTE={recording.cassette}",
    )

    assert crawl.exit_code == 1
    unrecorded_url = recording.base_url + "/not-recorded.html"
    assert re.search(
        rf"ERROR: Unrecorded request GET {re.escape(unrecorded_url)}: "
        rf"not in cassette {re.escape(str(recording.cassette))} \(VCR_RECORD_MODE=none\)",
        crawl.log,
    )
    assert "'vcr/unrecorded': 1" in stats(crawl)
    assert "'finish_reason': 'vcr_unrecorded_request'" in stats(crawl)
    assert "Crawl failed: spider closed for vcr_unrecorded_request" in crawl.log


def test_replay_of_a_missing_cassette_fails(tmp_path: Path) -> None:
    crawl = run_crawl(
        tmp_path, "http://127.0.0.1:9", ("/",), f"VCR_CASSETTE={tmp_path / 'absent.yaml'}"
    )
    assert crawl.exit_code == 1
    assert f"cassette {tmp_path / 'absent.yaml'} does not exist" in crawl.log


def test_crawl_without_cassette_has_no_vcr_components(recording: Recording) -> None:
    assert recording.live.exit_code == 0, recording.live.log
    assert "newsasia_spider.extensions.cassette_session.CassetteSession" not in recording.live.log
    assert "vcr/" not in stats(recording.live)
    # The record crawl shows what the components look like when they are there.
    assert "newsasia_spider.extensions.cassette_session.CassetteSession" in recording.record.log


def test_project_settings_enable_the_addon_only_with_a_cassette(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VCR_RECORD_MODE", raising=False)
    settings = Settings()
    settings.setmodule("newsasia_spider.settings", priority="project")
    assert "newsasia_spider.addons.record_replay.VcrAddon" in settings.getdict("ADDONS")

    VcrAddon().update_settings(settings)
    assert settings.getdict("DOWNLOAD_HANDLERS") == {}
    assert settings.getdict("EXTENSIONS") == {}

    settings.set("VCR_CASSETTE", str(tmp_path / "x.yaml"), priority="cmdline")
    VcrAddon().update_settings(settings)
    handlers = settings.getwithbase("DOWNLOAD_HANDLERS")
    assert handlers["http"] is handlers["https"] is CassetteDownloadHandler
    assert CassetteSession in settings.getdict("EXTENSIONS")
    assert settings["VCR_RECORD_MODE"] == "none"


def test_record_mode_environment_variable_beats_settings_files_not_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VCR_RECORD_MODE", "new_episodes")
    settings = Settings({"VCR_RECORD_MODE": "none"}, priority="project")
    settings.set("VCR_CASSETTE", str(tmp_path / "x.yaml"), priority="cmdline")
    VcrAddon().update_settings(settings)
    assert settings["VCR_RECORD_MODE"] == "new_episodes"

    settings = Settings({"VCR_RECORD_MODE": "all"}, priority="cmdline")
    settings.set("VCR_CASSETTE", str(tmp_path / "x.yaml"), priority="cmdline")
    VcrAddon().update_settings(settings)
    assert settings["VCR_RECORD_MODE"] == "all"


def test_request_to_a_non_loopback_host_fails_in_tests(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="netguard"):
        socket.create_connection(("1.1.1.1", 80), timeout=5)

    with serve_local_site() as base_url:
        crawl = run_crawl(tmp_path, base_url, ("/cp1251.html", "http://1.1.1.1/"))
    assert crawl.exit_code == 0
    assert "netguard: refused connection to ('1.1.1.1', 80)" in crawl.log
    assert [item["requested"] for item in crawl.items] == [base_url + "/cp1251.html"]


# --- write_cassette: fixtures built without the network ----------------------------------------


def page(url: str, body: bytes, **headers: str) -> tuple[Request, Response]:
    request = Request(url)
    return request, HtmlResponse(url, body=body, headers=headers, request=request)


def test_write_cassette_is_deterministic_and_byte_exact(tmp_path: Path) -> None:
    awkward_utf8 = "Строка\u2028с разрывом\x85и\r\nпереводами  \n".encode()
    pages = [
        page("https://24.kg/b", CP1251_PAGE, **{"Content-Type": "text/html; charset=windows-1251"}),
        page("https://24.kg/a", GZIP_WIRE_BODY, **{"Content-Encoding": "gzip"}),
        page("https://24.kg/c", awkward_utf8),
        page("https://24.kg/d", UTF8_PAGE, **{"X-Raw": "café"}),  # sent as UTF-8 bytes
    ]
    provenance = "Built from seeds/003.\nBy hand."
    first = write_cassette(tmp_path / "one.yaml", pages, comment=provenance)
    second = write_cassette(tmp_path / "two.yaml", reversed(pages), comment=provenance)

    assert first.read_bytes() == second.read_bytes()
    assert "# Built from seeds/003.\n# By hand.\n" in first.read_text(encoding="utf-8")
    cassette = Cassette.load(path=str(first))
    assert [request.uri for request in cassette.requests] == [
        "https://24.kg/a", "https://24.kg/b", "https://24.kg/c", "https://24.kg/d",
    ]  # fmt: skip
    bodies = [response["body"]["string"] for response in cassette.responses]
    assert bodies == [GZIP_WIRE_BODY, CP1251_PAGE, awkward_utf8, UTF8_PAGE]
    replayed = to_scrapy_response(pages[3][0], cassette.responses[3])
    assert replayed.headers.getlist("X-Raw") == ["café".encode()]
    assert replayed.body == UTF8_PAGE


def test_built_cassette_replays_offline_over_https(tmp_path: Path) -> None:
    cassette = tmp_path / "kg24.yaml"
    write_cassette(
        cassette,
        [
            page("https://24.kg/robots.txt", b"User-agent: *\nAllow: /\n"),
            page(
                "https://24.kg/news/1/",
                CP1251_PAGE,
                **{"Content-Type": "text/html; charset=windows-1251"},
            ),
        ],
        comment="Test fixture: a windows-1251 page.",
    )

    crawl = run_crawl(tmp_path, "https://24.kg", ("/news/1/",), f"VCR_CASSETTE={cassette}")

    assert crawl.exit_code == 0, crawl.log
    assert "'vcr/played': 2" in stats(crawl)
    item = crawl.item("https://24.kg/news/1/")
    assert (item["status"], item["title"]) == (200, "Новости Бишкека")
    assert base64.b64decode(item["body_base64"]) == CP1251_PAGE


def test_new_episodes_extends_a_cassette_and_keeps_its_comment(tmp_path: Path) -> None:
    cassette = tmp_path / "site.yaml"
    with serve_local_site() as base_url:
        write_cassette(
            cassette,
            [
                page(base_url + "/robots.txt", b""),
                page(base_url + "/cp1251.html", b"<title>As built</title>"),
            ],
            comment="Provenance: built by hand for this test.",
        )
        crawl = run_crawl(
            tmp_path,
            base_url,
            ("/cp1251.html", "/gzip.html"),
            f"VCR_CASSETTE={cassette}",
            "VCR_RECORD_MODE=new_episodes",
        )

    assert crawl.exit_code == 0, crawl.log
    assert "'vcr/played': 2" in stats(crawl)
    assert "'vcr/recorded': 1" in stats(crawl)
    assert crawl.item(base_url + "/cp1251.html")["title"] == "As built"
    text = cassette.read_text(encoding="utf-8")
    assert "# Provenance: built by hand for this test.\n" in text
    extended = Cassette.load(path=str(cassette))
    assert sorted(request.uri.removeprefix(base_url) for request in extended.requests) == [
        "/cp1251.html",
        "/gzip.html",
        "/robots.txt",
    ]
