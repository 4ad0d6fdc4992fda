"""How the phones' server is asked to run: where, and with which certificate."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from pathlib import Path


class RoomProblem(Exception):
    """The phones' server cannot run as asked; the message says why in plain words."""


@dataclass(frozen=True, slots=True)
class RoomSettings:
    """Where phones reach the laptop, and the council's certificate for HTTPS."""

    host: str = ""
    """The address to serve on ('': the laptop's address on the room's network)."""
    cert: Path | None = None
    key: Path | None = None
    public: bool = False
    """Serving on a public address was asked for explicitly."""


def lan_address() -> str:
    """The laptop's address on its local network (no packet is sent), or the loopback."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.254.254.254", 1))
        address = str(probe.getsockname()[0])
    except OSError:
        address = "127.0.0.1"
    finally:
        probe.close()
    return address


def checked_host(settings: RoomSettings) -> str:
    """The address to serve on; a public or every-interface address only if asked for."""
    host = settings.host.strip() or lan_address()
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError as error:
        raise RoomProblem(
            f"“{host}” is not an address of this laptop, such as 192.168.1.20."
        ) from error
    if address.is_unspecified:
        raise RoomProblem(
            f"{host} would serve the phone page on every network this laptop is on. Give the "
            "address on the meeting room's network instead (--room-host)."
        )
    local = address.is_private or address.is_loopback or address.is_link_local
    if not local and not settings.public:
        raise RoomProblem(
            f"{host} is a public address: anyone on the internet could reach the phone page. "
            "Use the laptop's address on the room's network, or add --room-public if that is "
            "really meant."
        )
    if (settings.cert is None) != (settings.key is None):
        raise RoomProblem(
            "HTTPS needs both the certificate (--room-cert) and its key (--room-key)."
        )
    return str(address)
