"""No test reaches the internet: sockets may connect to loopback addresses only.

`install()` patches `socket.socket`, which Twisted's TCP client uses too, so a connection to
any other address fails at once with ENETUNREACH and an ERROR naming the address. In pytest use
the `no_internet` fixture (load this module with `pytest_plugins = ["netguard"]`); in a Scrapy
crawl started by a test enable the `NetGuard` extension.
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import socket
from collections.abc import Iterator
from typing import Any

import pytest

logger = logging.getLogger(__name__)

_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


def is_loopback(address: Any) -> bool:
    if not isinstance(address, tuple):
        return True  # a Unix socket path
    host = str(address[0]).split("%")[0]  # drop an IPv6 zone
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _refuse(address: Any) -> OSError:
    logger.error("netguard: refused connection to %s: tests stay off the internet", address)
    return OSError(errno.ENETUNREACH, f"netguard: tests may not connect to {address}")


def _guarded_connect(sock: socket.socket, address: Any) -> None:
    if not is_loopback(address):
        raise _refuse(address)
    _connect(sock, address)


def _guarded_connect_ex(sock: socket.socket, address: Any) -> int:
    if not is_loopback(address):
        return _refuse(address).errno or errno.ENETUNREACH
    return _connect_ex(sock, address)


def install() -> None:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]


def uninstall() -> None:
    socket.socket.connect = _connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign]


@pytest.fixture
def no_internet() -> Iterator[None]:
    install()
    try:
        yield
    finally:
        uninstall()


class NetGuard:
    """Scrapy extension that installs the guard in a crawl's process."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> NetGuard:
        install()
        return cls()
