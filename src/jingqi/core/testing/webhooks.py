"""A webhook receiver on the loopback for tests: what Jingqi posts, with its signature, as a real server gets it."""

import hashlib
import hmac
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def local_receiver():
    """Yields (url, received): every POST to ``url`` lands in ``received`` as (X-Jingqi-Signature, body), until the
    block ends."""
    received: list[tuple[str, bytes]] = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 — the http.server interface
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers["X-Jingqi-Signature"], body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hook", received
    finally:
        server.shutdown()
        server.server_close()


def signed(secret: str, body: bytes) -> str:
    """The signature header Jingqi sends with ``body``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
