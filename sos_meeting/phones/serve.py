"""Running the phones' web app inside the app's own event loop, on one chosen address."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import ssl
from collections.abc import Iterator

import uvicorn

from sos_meeting.phones.settings import RoomProblem, RoomSettings, checked_host
from sos_meeting.phones.site import ASGI

START_WAIT = 10.0
"""Seconds to wait for the server to listen before saying it could not start."""


def _quiet_logs() -> None:
    """The server's own log lines would be drawn over the app's screen: keep them out."""
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi"):
        log = logging.getLogger(name)
        log.handlers = [logging.NullHandler()]
        log.propagate = False


class RoomServer:
    """The phones' server: started and stopped by the app, in the app's event loop."""

    def __init__(self, app: ASGI, settings: RoomSettings) -> None:
        self.app = app
        self.settings = settings
        self.host = checked_host(settings)
        self.port = 0
        self._server: _OwnSignals | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def secure(self) -> bool:
        return self.settings.cert is not None

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.secure else 'http'}://{host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        """Listen on a random free port of the chosen address; `RoomProblem` if it cannot."""
        _quiet_logs()
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, 0))
        except OSError as error:
            sock.close()
            raise RoomProblem(
                f"The phone page could not be served on {self.host}: {error.strerror}. "
                "Check the address (--room-host)."
            ) from error
        self.port = sock.getsockname()[1]
        if self.secure:
            try:
                context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
                context.load_cert_chain(str(self.settings.cert), str(self.settings.key))
            except (OSError, ssl.SSLError) as error:
                sock.close()
                raise RoomProblem(
                    f"The certificate or its key could not be read ({error}). Check "
                    "--room-cert and --room-key."
                ) from error
        config = uvicorn.Config(
            self.app,
            log_config=None,
            access_log=False,
            lifespan="off",
            server_header=False,
            date_header=False,
            proxy_headers=False,
            timeout_keep_alive=5,
            limit_concurrency=200,
            h11_max_incomplete_event_size=16 * 1024,
            ssl_certfile=str(self.settings.cert) if self.secure else None,
            ssl_keyfile=str(self.settings.key) if self.secure else None,
        )
        server = _OwnSignals(config)
        self._server = server
        self._task = asyncio.get_running_loop().create_task(server.serve(sockets=[sock]))
        waited = 0.0
        while not server.started:
            if self._task.done():
                sock.close()
                raise RoomProblem("The phone page could not be served: the server stopped.")
            if waited > START_WAIT:
                await self.stop()
                raise RoomProblem("The phone page could not be served: the server did not start.")
            await asyncio.sleep(0.01)
            waited += 0.01

    async def stop(self) -> None:
        """Stop serving: open connections are closed and every link stops working."""
        server, task = self._server, self._task
        self._server = self._task = None
        if server is None or task is None:
            return
        server.should_exit = True
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=3)
        except TimeoutError:
            server.force_exit = True
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(task, timeout=2)


class _OwnSignals(uvicorn.Server):
    """uvicorn's server without its signal handlers: SIGTERM and SIGHUP stay the app's."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield
