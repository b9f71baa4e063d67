"""vcrpy cassettes for Scrapy: the file format and the conversions to and from Scrapy objects.

Record and replay (`scrapy crawl X -s VCR_CASSETTE=path.yaml`) is made of three components
that use this module: the add-on `newsasia_spider.addons.record_replay.VcrAddon` switches them
on, the extension `newsasia_spider.extensions.cassette_session.CassetteSession` holds the
crawl's cassette, and the download handler
`newsasia_spider.downloadhandlers.cassette.CassetteDownloadHandler` answers from it.
`write_cassette` builds a cassette without the network (fixtures/build_cassettes.py).
See docs/record-replay.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from http import HTTPStatus
from pathlib import Path
from typing import Any

import yaml
from scrapy import Request
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from vcr.persisters.filesystem import CassetteNotFoundError
from vcr.request import Request as VcrRequest
from vcr.serialize import deserialize, serialize
from vcr.serializers import yamlserializer

# Header values are bytes on the wire; Latin-1 maps each byte to one character and back.
HEADER_ENCODING = "latin-1"
CASSETTE_HEADER = (
    "# vcrpy cassette written by newsasia_spider.vcr; see docs/record-replay.md.\n"
    "# Bodies are the raw wire bytes: text when UTF-8, !!binary (base64) otherwise.\n"
)


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
