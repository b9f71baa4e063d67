"""Record and replay crawls with vcrpy cassettes: `scrapy crawl X -s VCR_CASSETTE=path.yaml`.

vcrpy patches HTTP client libraries, not Twisted, so it cannot see Scrapy's downloads by itself.
Here a download handler stands in for Scrapy's HTTP(S) handler and, per request, plays the
response from the crawl's cassette or downloads it and appends the interaction. It sits below
the downloader middlewares, so a cassette holds what went over the wire: raw bodies (gzip stays
compressed), one interaction per redirect hop, robots.txt included. Replay is a live crawl
without the network.

Settings (used only when `VcrAddon` is in ADDONS and VCR_CASSETTE is set):

- VCR_CASSETTE: path of the YAML cassette.
- VCR_RECORD_MODE: vcrpy record mode, default "none" (replay only). The VCR_RECORD_MODE
  environment variable overrides settings files; `-s VCR_RECORD_MODE=...` overrides both.
- VCR_MATCH_ON: vcrpy matcher names a request must agree on, default method and uri.

A request the cassette cannot answer in a mode that may not record fails the crawl: an ERROR
naming the URL and the cassette, stat `vcr/unrecorded`, close reason `vcr_unrecorded_request`,
which `scrapy crawl` turns into exit status 1 (see `newsasia_spider.commands.crawl`).
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterable
from http import HTTPStatus
from pathlib import Path
from typing import Any

import yaml
from scrapy import Request, signals
from scrapy.core.downloader.handlers import DownloadHandlerProtocol
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import build_from_crawler, load_object
from twisted.internet.defer import Deferred
from vcr import VCR
from vcr.patch import PATCHER_NAMES
from vcr.persisters.filesystem import CassetteNotFoundError
from vcr.record_mode import RecordMode, validate_record_mode
from vcr.request import Request as VcrRequest
from vcr.serialize import deserialize, serialize
from vcr.serializers import yamlserializer

logger = logging.getLogger(__name__)

UNRECORDED_CLOSE_REASON = "vcr_unrecorded_request"
CMDLINE_PRIORITY = SETTINGS_PRIORITIES["cmdline"]
DEFAULT_MATCH_ON = ("method", "uri")
# Header values are bytes on the wire; Latin-1 maps each byte to one character and back.
HEADER_ENCODING = "latin-1"
CASSETTE_HEADER = (
    "# vcrpy cassette written by newsasia_spider.vcr; see docs/record-replay.md.\n"
    "# Bodies are the raw wire bytes: text when UTF-8, !!binary (base64) otherwise.\n"
)


class VcrAddon:
    """Routes HTTP(S) downloads through the cassette when VCR_CASSETTE is set; else does nothing."""

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.get("VCR_CASSETTE"):
            return
        environment_mode = os.environ.get("VCR_RECORD_MODE")
        # The environment variable beats settings files, not `-s VCR_RECORD_MODE=...`.
        set_on_command_line = (settings.getpriority("VCR_RECORD_MODE") or 0) >= CMDLINE_PRIORITY
        if environment_mode and not set_on_command_line:
            settings.set("VCR_RECORD_MODE", environment_mode, priority="cmdline")
        handlers = settings.getdict("DOWNLOAD_HANDLERS")
        handlers.update(http=CassetteDownloadHandler, https=CassetteDownloadHandler)
        settings.set("DOWNLOAD_HANDLERS", handlers, settings.getpriority("DOWNLOAD_HANDLERS") or 0)
        settings.set_in_component_priority_dict("EXTENSIONS", CassetteSession, 0)
        settings.add_to_list("NEWSASIA_FAILURE_CLOSE_REASONS", UNRECORDED_CLOSE_REASON)
        if settings.get("VCR_RECORD_MODE") == "none":
            # Pure replay talks to no server: politeness delays only slow it down. Set at the
            # project's priority so settings.py yields but `-s` still wins.
            for name, value in REPLAY_SETTINGS.items():
                settings.set(name, value, priority="project")


REPLAY_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "NEWSASIA_BACKOFF_PAUSES": False,
}


class UnrecordedRequest(IgnoreRequest):
    """The cassette has no response for this request and may not record one."""


class CassetteSession:
    """The crawl's one cassette, shared by the http and https handlers.

    Loaded when the crawler starts, saved (if anything was recorded) when the spider closes.
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.path = Path(settings["VCR_CASSETTE"])
        self.record_mode = validate_record_mode(settings.get("VCR_RECORD_MODE") or "none")
        match_on = tuple(settings.getlist("VCR_MATCH_ON") or DEFAULT_MATCH_ON)
        if self.record_mode is RecordMode.NONE and not self.path.is_file():
            raise FileNotFoundError(
                f"cassette {self.path} does not exist; record it with VCR_RECORD_MODE=new_episodes"
            )
        # vcrpy logs every interaction and cassette option at INFO.
        logging.getLogger("vcr").setLevel(logging.WARNING)
        recorder = VCR(
            record_mode=self.record_mode,
            match_on=match_on,
            serializer="newsasia-yaml",
            skip_patchers=PATCHER_NAMES,  # nothing to patch: the download handler asks directly
        )
        recorder.register_serializer("newsasia-yaml", ReadableYamlSerializer)
        recorder.register_persister(CassetteFile)
        self._open_cassette = contextlib.ExitStack()
        self.cassette = self._open_cassette.enter_context(recorder.use_cassette(str(self.path)))
        self._close_call: Deferred[None] | None = None
        crawler.signals.connect(self.save, signal=signals.spider_closed)
        logger.info(
            "Cassette %s: %d interactions, record mode %s, matching on %s",
            self.path,
            len(self.cassette),
            self.record_mode.value,
            ", ".join(match_on),
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CassetteSession:
        return cls(crawler)

    def save(self) -> None:
        """Write the cassette if this crawl recorded anything (vcrpy decides by record mode)."""
        self._open_cassette.close()

    def refuse(self, request: Request) -> UnrecordedRequest:
        """Report a request the cassette cannot answer and close the crawl as failed."""
        logger.error(
            "Unrecorded request %s %s: not in cassette %s (VCR_RECORD_MODE=%s). "
            "Record it with VCR_RECORD_MODE=new_episodes.",
            request.method,
            request.url,
            self.path,
            self.record_mode.value,
        )
        self.crawler.stats.inc_value("vcr/unrecorded")
        if self._close_call is None:
            # Not awaited here: closing waits for this very download to finish.
            self._close_call = deferred_from_coro(
                self.crawler.engine.close_spider_async(reason=UNRECORDED_CLOSE_REASON)
            )
        return UnrecordedRequest(f"{request.url} is not in cassette {self.path}")


class CassetteDownloadHandler:
    """Answers from the cassette; downloads with Scrapy's own handler what it may record."""

    lazy = True

    def __init__(self, crawler: Crawler) -> None:
        session = crawler.get_extension(CassetteSession)
        if session is None:
            raise NotConfigured("needs VcrAddon in ADDONS and the VCR_CASSETTE setting")
        self.crawler = crawler
        self.session = session
        self._network_handler: DownloadHandlerProtocol | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CassetteDownloadHandler:
        return cls(crawler)

    async def download_request(self, request: Request) -> Response:
        cassette = self.session.cassette
        recorded_request = to_vcr_request(request)
        if cassette.can_play_response_for(recorded_request):
            self.crawler.stats.inc_value("vcr/played")
            return to_scrapy_response(request, cassette.play_response(recorded_request))
        if cassette.write_protected:
            raise self.session.refuse(request)
        response = await self.network_handler().download_request(request)
        cassette.append(recorded_request, to_vcr_response(response))
        self.crawler.stats.inc_value("vcr/recorded")
        return response

    def network_handler(self) -> DownloadHandlerProtocol:
        """Scrapy's default HTTPS handler, built on first use so pure replays never make one."""
        if self._network_handler is None:
            handler_path = self.crawler.settings.getdict("DOWNLOAD_HANDLERS_BASE")["https"]
            self._network_handler = build_from_crawler(load_object(handler_path), self.crawler)
        return self._network_handler

    async def close(self) -> None:
        if self._network_handler is not None:
            await self._network_handler.close()


# --- conversions between Scrapy objects and vcrpy's request / response records ------------------


def to_vcr_request(request: Request) -> VcrRequest:
    headers = {
        name.decode(HEADER_ENCODING): b", ".join(values).decode(HEADER_ENCODING)
        for name, values in request.headers.items()
    }
    return VcrRequest(request.method, request.url, request.body or None, headers)


def to_vcr_response(response: Response) -> dict[str, Any]:
    try:
        reason = HTTPStatus(response.status).phrase
    except ValueError:
        reason = ""
    return {
        "status": {"code": response.status, "message": reason},
        "headers": {
            name.decode(HEADER_ENCODING): [value.decode(HEADER_ENCODING) for value in values]
            for name, values in response.headers.items()
        },
        "body": {"string": response.body},
    }


def to_scrapy_response(request: Request, recorded: dict[str, Any]) -> Response:
    headers = Headers(
        {
            name: [value.encode(HEADER_ENCODING) for value in values]
            for name, values in recorded["headers"].items()
        }
    )
    body = recorded["body"]["string"] or b""
    response_class = responsetypes.from_args(headers=headers, url=request.url, body=body)
    return response_class(
        url=request.url,
        status=recorded["status"]["code"],
        headers=headers,
        body=body,
        request=request,
        flags=["vcr"],  # shows in "Crawled (200) <GET …> ['vcr']" log lines
    )


# --- the cassette file ------------------------------------------------------------------------


def write_cassette(
    path: str | os.PathLike[str],
    interactions: Iterable[tuple[Request, Response]],
    *,
    comment: str = "",
) -> Path:
    """Write (request, response) pairs as a cassette, without the network.

    For building fixtures from stored pages: the output depends only on the input (sorted
    keys, interactions in URL order, byte-exact bodies), so a rebuilt cassette diffs cleanly.
    `comment` (provenance, say) goes at the top of the file as YAML comment lines, which
    later re-recordings keep.
    """
    requests, responses = [], []
    for request, response in interactions:
        requests.append(to_vcr_request(request))
        responses.append(to_vcr_response(response))
    text = serialize({"requests": requests, "responses": responses}, ReadableYamlSerializer)
    target = Path(path)
    _write_atomically(target, CASSETTE_HEADER + _as_comment(comment) + text)
    return target


class ReadableYamlSerializer:
    """vcrpy's YAML with sorted keys, Cyrillic left readable and interactions in URL order."""

    @staticmethod
    def serialize(cassette: dict[str, Any]) -> str:
        # Stable sort: repeated requests keep their recorded (playback) order.
        interactions = sorted(cassette["interactions"], key=_url_and_method)
        cassette = {**cassette, "interactions": interactions}
        text = yaml.dump(cassette, Dumper=_Dumper, allow_unicode=True, sort_keys=True)
        # PyYAML can write a few Unicode line breaks (U+0085…) unescaped and read them back
        # as "\n"; escaped output is exact, only less readable.
        if yaml.load(text, Loader=_Loader) != cassette:
            text = yaml.dump(cassette, Dumper=_Dumper, sort_keys=True)
        return text

    @staticmethod
    def deserialize(text: str) -> dict[str, Any]:
        return yamlserializer.deserialize(text)


class CassetteFile:
    """vcrpy persister: UTF-8 whatever the locale, atomic replacement, header comment kept."""

    @staticmethod
    def load_cassette(cassette_path: str, serializer: Any) -> Any:
        path = Path(cassette_path)
        if not path.is_file():
            raise CassetteNotFoundError()
        return deserialize(path.read_text(encoding="utf-8"), serializer)

    @staticmethod
    def save_cassette(cassette_path: str, cassette_dict: dict[str, Any], serializer: Any) -> None:
        path = Path(cassette_path)
        header = _leading_comment(path) or CASSETTE_HEADER
        _write_atomically(path, header + serialize(cassette_dict, serializer))


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _url_and_method(interaction: dict[str, Any]) -> tuple[str, str]:
    return interaction["request"]["uri"], interaction["request"]["method"]


def _as_comment(text: str) -> str:
    return "".join(f"# {line}".rstrip() + "\n" for line in text.splitlines())


def _leading_comment(path: Path) -> str:
    """The comment lines at the top of an existing cassette (its provenance)."""
    if not path.is_file():
        return ""
    lines = []
    with path.open(encoding="utf-8") as cassette:
        for line in cassette:
            if not line.startswith("#"):
                break
            lines.append(line)
    return "".join(lines)


def _write_atomically(path: Path, text: str) -> None:
    """A crash mid-write leaves the old cassette, never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
