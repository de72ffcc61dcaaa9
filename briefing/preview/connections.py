"""The preview's connections, bounded: a thread only for a request that has arrived, and never too many.

The standard library's threading server starts a thread for every accepted
connection and waits for its request without a limit: some 350 idle
connections (any local account can open them) used up the threads, and the
author's own requests were dropped. Here:

* an accepted connection waits in a *waiting room*, watched by the serving
  thread's selector, costing a socket and no thread. Only when its first
  bytes arrive does it get a handler thread;
* at most `MAX_HANDLERS` handler threads run at once; a connection whose
  request has arrived waits in the room for a free one;
* the waiting room holds at most `MAX_WAITING` connections: past that, the
  oldest is closed, so a flood of idle connections cannot keep a new one out;
* a connection has `HEAD_SECONDS` from its acceptance to the end of its
  request's head (request line and headers), idle or trickling: past that,
  it is closed (in the room) or shut down (in its thread), so a slow sender
  holds a thread for a bounded time;
* every socket operation of a handler has a timeout (`IO_SECONDS`), so a
  client that stops reading frees its thread.

Connections serve one request each (HTTP/1.0), so there is no idle
keep-alive to bound. The event streams' own cap is the server's
(`server.MAX_STREAMS`).
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MAX_HANDLERS = 32
MAX_WAITING = 256
HEAD_SECONDS = 10.0
IO_SECONDS = 30.0
# How often the serving loop looks at the deadlines and for Ctrl-C.
_TICK_SECONDS = 0.25


@dataclass
class _Waiting:
    """A connection in the waiting room: where from, until when, and whether its request has begun to arrive."""

    address: Any
    deadline: float
    ready: bool = False


class BoundedHTTPServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer whose threads, waiting connections and request heads are bounded (see above)."""

    daemon_threads = True
    request_queue_size = 128  # the kernel's backlog: a burst is accepted, then judged here

    def __init__(self, address: tuple[str, int], handler: type[BoundedRequestHandler]) -> None:
        # Accepted connections without a thread, oldest first. Only the serving thread touches it.
        self._waiting: OrderedDict[socket.socket, _Waiting] = OrderedDict()
        # Connections in a handler thread whose request head has not been read yet, with their deadlines.
        self._reading: dict[socket.socket, float] = {}
        self._lock = threading.Lock()
        self._free = threading.BoundedSemaphore(MAX_HANDLERS)
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._wake_reader.setblocking(False)
        self._wake_writer.setblocking(False)
        self._stopping = threading.Event()
        self._stopped = threading.Event()
        super().__init__(address, handler)  # last: a port in use closes the server, and all of the above, at once

    def serve_forever(self, poll_interval: float = _TICK_SECONDS) -> None:
        """Accept, wait for requests without a thread, hand each to a thread when one is free."""
        self._stopped.clear()
        try:
            with selectors.DefaultSelector() as selector:
                selector.register(self.socket, selectors.EVENT_READ)
                selector.register(self._wake_reader, selectors.EVENT_READ)
                while not self._stopping.is_set():
                    for key, _ in selector.select(min(poll_interval, _TICK_SECONDS)):
                        if key.fileobj is self.socket:
                            self._accept(selector)
                        elif key.fileobj is self._wake_reader:
                            self._drain_wake_ups()
                        else:
                            self._arrived(selector, key.fileobj)  # type: ignore[arg-type]
                    self._dispatch_ready()
                    self._expire(selector)
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        self._stopping.set()
        self._wake()
        self._stopped.wait()

    def server_close(self) -> None:
        super().server_close()
        for connection in list(self._waiting):
            self.shutdown_request(connection)
        self._waiting.clear()
        self._wake_reader.close()
        self._wake_writer.close()

    # The waiting room ---------------------------------------------------------------------------------------

    def _accept(self, selector: selectors.BaseSelector) -> None:
        try:
            connection, address = self.get_request()
        except OSError:  # the client left already, or no descriptor is free: the oldest idle one makes room
            self._evict_oldest_idle(selector)
            return
        if len(self._waiting) >= MAX_WAITING:
            self._evict_oldest_idle(selector)
        connection.setblocking(False)
        self._waiting[connection] = _Waiting(address, time.monotonic() + HEAD_SECONDS)
        selector.register(connection, selectors.EVENT_READ)

    def _evict_oldest_idle(self, selector: selectors.BaseSelector) -> None:
        idle = next((c for c, waiting in self._waiting.items() if not waiting.ready), None)
        oldest = idle if idle is not None else next(iter(self._waiting), None)
        if oldest is not None:
            self._leave_room(selector, oldest)
            self.shutdown_request(oldest)

    def _leave_room(self, selector: selectors.BaseSelector, connection: socket.socket) -> _Waiting:
        waiting = self._waiting.pop(connection)
        if not waiting.ready:
            selector.unregister(connection)
        return waiting

    def _arrived(self, selector: selectors.BaseSelector, connection: socket.socket) -> None:
        """The first bytes of a request (or the client's close): in line for a thread, no longer watched."""
        selector.unregister(connection)
        self._waiting[connection].ready = True

    def _dispatch_ready(self) -> None:
        """Each connection whose request has arrived, oldest first, to a thread while threads are free."""
        for connection in [c for c, waiting in self._waiting.items() if waiting.ready]:
            if not self._free.acquire(blocking=False):
                return
            waiting = self._waiting.pop(connection)
            connection.setblocking(True)
            connection.settimeout(IO_SECONDS)
            with self._lock:
                self._reading[connection] = waiting.deadline
            threading.Thread(target=self._handle, args=(connection, waiting.address), daemon=True).start()

    def _expire(self, selector: selectors.BaseSelector) -> None:
        now = time.monotonic()
        for connection in [c for c, waiting in self._waiting.items() if waiting.deadline <= now]:
            self._leave_room(selector, connection)
            self.shutdown_request(connection)
        with self._lock:
            overdue = [connection for connection, deadline in self._reading.items() if deadline <= now]
            for connection in overdue:
                del self._reading[connection]
        for connection in overdue:
            # Its thread's read returns at once; the thread then ends as for a closed connection.
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def _drain_wake_ups(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_reader.recv(4096)

    # Handler threads ----------------------------------------------------------------------------------------

    def _handle(self, connection: socket.socket, address: Any) -> None:
        try:
            self.process_request_thread(connection, address)
        finally:
            with self._lock:
                self._reading.pop(connection, None)
            self._free.release()
            self._wake()

    def head_read(self, connection: socket.socket) -> None:
        """The request's head has arrived in full: its deadline no longer applies."""
        with self._lock:
            self._reading.pop(connection, None)

    def _wake(self) -> None:
        with contextlib.suppress(OSError):  # closed, or its buffer full of wake-ups already
            self._wake_writer.send(b"\0")


class BoundedRequestHandler(BaseHTTPRequestHandler):
    """Tells the server when its request's head has been read."""

    server: BoundedHTTPServer

    def parse_request(self) -> bool:
        parsed = super().parse_request()
        self.server.head_read(self.connection)
        return parsed
