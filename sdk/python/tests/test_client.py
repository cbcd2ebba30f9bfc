"""The Pio client against a scripted local HTTP server: retries, Retry-After, timeouts, typed errors."""

from __future__ import annotations

import json
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List

from pio import (
    BadRequestError,
    InternalServerError,
    NotFoundError,
    Pio,
    PioConnectionError,
    PioTimeoutError,
    RateLimitError,
    retry_after_seconds,
)

SCRIPT: List[Dict[str, Any]] = []
SEEN: List[Dict[str, Any]] = []


class Handler(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        SEEN.append({"method": self.command, "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body, "at": time.monotonic()})
        step = SCRIPT.pop(0) if SCRIPT else {"status": 200, "body": {"ok": True}}
        time.sleep(step.get("delay", 0))
        payload = step["body"] if isinstance(step.get("body"), str) else json.dumps(step.get("body", {}))
        try:
            self.send_response(step["status"])
            for k, v in step.get("headers", {}).items():
                self.send_header(k, v)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload.encode())))
            self.end_headers()
            self.wfile.write(payload.encode())
        except (BrokenPipeError, ConnectionResetError):
            pass

    do_GET = do_POST = _answer

    def log_message(self, *args: Any) -> None:
        pass


def envelope(code: str, message: str = "x", field: str = "") -> Dict[str, Any]:
    err: Dict[str, Any] = {"code": code, "message": message, "request_id": "req_test"}
    if field:
        err["field"] = field
    return {"error": err}


class ClientTest(unittest.TestCase):
    server: ThreadingHTTPServer

    @classmethod
    def setUpClass(cls) -> None:
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        cls.server.daemon_threads = True
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.url = f"http://127.0.0.1:{cls.server.server_address[1]}"

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.shutdown()
        cls.server.server_close()

    def setUp(self) -> None:
        SCRIPT.clear()
        SEEN.clear()

    def client(self, **kw: Any) -> Pio:
        return Pio(api_key="pio_sk_test_x", base_url=self.url, **kw)

    def test_retries_5xx_and_429_then_returns(self) -> None:
        SCRIPT.extend([
            {"status": 503, "body": envelope("database_unavailable")},
            {"status": 429, "body": envelope("rate_limited"), "headers": {"retry-after": "0"}},
            {"status": 201, "body": {"user_id": "u1", "created_at": "2025-01-01T00:00:00Z", "status": "active"}},
        ])
        out = self.client().register(user_id="u1", traits={"name": "Ash"})
        self.assertEqual(out["user_id"], "u1")
        self.assertEqual(len(SEEN), 3)
        self.assertEqual(SEEN[0]["headers"]["x-api-key"], "pio_sk_test_x")
        self.assertEqual(json.loads(SEEN[2]["body"]), {"user_id": "u1", "traits": {"name": "Ash"}})

    def test_honours_retry_after(self) -> None:
        SCRIPT.extend([{"status": 429, "body": envelope("rate_limited"), "headers": {"retry-after": "1"}}, {"status": 200, "body": {}}])
        self.client().get_summary(user_id="u")
        waited = SEEN[1]["at"] - SEEN[0]["at"]
        self.assertGreaterEqual(waited, 0.95)
        self.assertLess(waited, 2.5)

    def test_gives_up_with_a_typed_error(self) -> None:
        SCRIPT.extend([{"status": 500, "body": envelope("internal_error", "boom")} for _ in range(3)])
        with self.assertRaises(InternalServerError) as ctx:
            self.client(max_retries=2).get_summary(user_id="u")
        e = ctx.exception
        self.assertEqual((e.status, e.code, e.message, e.request_id), (500, "internal_error", "boom", "req_test"))
        self.assertEqual(len(SEEN), 3)

        SCRIPT.append({"status": 429, "body": envelope("rate_limited"), "headers": {"retry-after": "7"}})
        with self.assertRaises(RateLimitError) as limited:
            self.client(max_retries=0).get_summary(user_id="u")
        self.assertEqual(limited.exception.retry_after, 7.0)

    def test_does_not_retry_other_4xx(self) -> None:
        SCRIPT.append({"status": 400, "body": envelope("validation_error", "Invalid body field `history`", "history")})
        with self.assertRaises(BadRequestError) as ctx:
            self.client().get_chunks(user_id="u", history=[])
        self.assertEqual((ctx.exception.code, ctx.exception.field), ("validation_error", "history"))
        self.assertEqual(len(SEEN), 1)
        SCRIPT.append({"status": 404, "body": envelope("user_not_found", "No user", "user_id")})
        with self.assertRaises(NotFoundError):
            self.client().query(user_id="u", question="q")

    def test_times_out_each_attempt(self) -> None:
        SCRIPT.extend([{"status": 200, "body": {}, "delay": 1.5}, {"status": 200, "body": {}, "delay": 1.5}])
        started = time.monotonic()
        with self.assertRaises(PioTimeoutError):
            self.client(timeout=0.2, max_retries=1).get_summary(user_id="u")
        self.assertEqual(len(SEEN), 2)
        self.assertLess(time.monotonic() - started, 1.5)

    def test_unreachable_server(self) -> None:
        probe = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        port = probe.server_address[1]
        probe.server_close()
        with self.assertRaises(PioConnectionError):
            Pio(api_key="k", base_url=f"http://127.0.0.1:{port}", max_retries=1).get_summary(user_id="u")

    def test_path_and_query_parameters(self) -> None:
        SCRIPT.extend([{"status": 200, "body": {}}, {"status": 200, "body": {}}])
        c = self.client()
        c.get_ingestion(id="ing/1 x")
        c.get_summary({"user_id": "usr 1", "max_chars": 500})
        self.assertEqual([f"{s['method']} {s['path']}" for s in SEEN], ["GET /ingestions/ing%2F1%20x", "GET /summary?user_id=usr+1&max_chars=500"])

    def test_retry_after_formats(self) -> None:
        now = 1735689600.0  # 2025-01-01T00:00:00Z
        self.assertEqual(retry_after_seconds({"Retry-After": "3"}, now), 3.0)
        self.assertEqual(retry_after_seconds({"retry-after": "Wed, 01 Jan 2025 00:00:05 GMT"}, now), 5.0)
        self.assertEqual(retry_after_seconds({"retry-after-ms": "250"}, now), 0.25)
        self.assertIsNone(retry_after_seconds({}, now))


if __name__ == "__main__":
    unittest.main()
