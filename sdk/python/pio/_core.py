"""Transport of the Pio client: authentication, JSON, timeouts, retries with backoff, typed errors.

Standard library only (urllib); safe to use from several threads.
"""

from __future__ import annotations

import email.utils
import json
import os
import random
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, Mapping, NamedTuple, Optional, Tuple

from .errors import PioApiError, PioConnectionError, PioError, PioTimeoutError

SDK_VERSION = "1.0.0"


class _OperationSpec(NamedTuple):
    method: str
    path: str
    path_params: Tuple[str, ...]
    query_params: Tuple[str, ...]
    body: bool


class RawResponse(NamedTuple):
    status: int
    headers: Mapping[str, str]
    text: str
    json: Any
    request_id: Optional[str]
    attempts: int


def retry_after_seconds(headers: Mapping[str, str], now: Optional[float] = None) -> Optional[float]:
    """Seconds to wait from `retry-after-ms` or `Retry-After` (seconds or an HTTP date)."""
    lower = {k.lower(): v for k, v in headers.items()}
    ms = lower.get("retry-after-ms")
    if ms is not None:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = lower.get("retry-after")
    if value is None or not value.strip():
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500


class _Core:
    """Pio(api_key=..., base_url=..., timeout=60.0, max_retries=2)."""

    def __init__(
        self,
        api_key: Optional[str] = None,
        base_url: Optional[str] = None,
        *,
        timeout: float = 60.0,
        max_retries: int = 2,
        max_retry_delay: float = 60.0,
        headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        self.api_key = api_key if api_key is not None else os.environ.get("PIO_API_KEY")
        self.base_url = (base_url or os.environ.get("PIO_URL") or "http://localhost:3000").rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_retry_delay = max_retry_delay
        self.headers: Dict[str, str] = dict(headers or {})

    def _backoff(self, retry: int) -> float:
        """0.5 s, 1 s, 2 s, … up to 8 s, with jitter."""
        return min(8.0, 0.5 * 2 ** (retry - 1)) * (0.75 + random.random() * 0.25)

    def _sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def raw(
        self,
        method: str,
        path: str,
        *,
        query: Optional[Mapping[str, Any]] = None,
        body: Any = None,
        timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
    ) -> RawResponse:
        """Sends a request and returns the response whatever its status (retrying 429 and 5xx first)."""
        url = self.base_url + path
        params = {k: _query_value(v) for k, v in (query or {}).items() if v is not None}
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        headers = {"accept": "application/json", "x-pio-sdk": "python/" + SDK_VERSION, "user-agent": "pio-python/" + SDK_VERSION}
        headers.update(self.headers)
        if self.api_key:
            headers["x-api-key"] = self.api_key
        data: Optional[bytes] = None
        if body is not None:
            data = (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")
            headers["content-type"] = "application/json"
        retries = self.max_retries if max_retries is None else max_retries
        per_attempt = self.timeout if timeout is None else timeout

        attempt = 0
        while True:
            attempt += 1
            request = urllib.request.Request(url, data=data, method=method, headers=headers)
            failure: Optional[PioError] = None
            try:
                with urllib.request.urlopen(request, timeout=per_attempt) as res:  # noqa: S310 - the caller's base URL
                    status, res_headers, text = res.status, dict(res.headers.items()), res.read().decode("utf-8")
            except urllib.error.HTTPError as e:
                status, res_headers, text = e.code, dict(e.headers.items()), e.read().decode("utf-8", "replace")
            except (socket.timeout, TimeoutError) as e:
                failure = PioTimeoutError(f"No answer from {method} {path} within {per_attempt} s.")
                failure.__cause__ = e
            except urllib.error.URLError as e:
                if isinstance(e.reason, (socket.timeout, TimeoutError)):
                    failure = PioTimeoutError(f"No answer from {method} {path} within {per_attempt} s.")
                else:
                    failure = PioConnectionError(f"Could not reach {self.base_url}: {e.reason}")
                failure.__cause__ = e
            except (ConnectionError, OSError) as e:
                failure = PioConnectionError(f"Could not reach {self.base_url}: {e}")
                failure.__cause__ = e

            if failure is not None:
                if attempt > retries:
                    raise failure
                self._sleep(min(self.max_retry_delay, self._backoff(attempt)))
                continue
            if _retryable(status) and attempt <= retries:
                hinted = retry_after_seconds(res_headers)
                self._sleep(min(self.max_retry_delay, hinted if hinted is not None else self._backoff(attempt)))
                continue
            try:
                parsed = json.loads(text) if text else None
            except ValueError:
                parsed = None
            lower = {k.lower(): v for k, v in res_headers.items()}
            return RawResponse(status, lower, text, parsed, lower.get("x-request-id"), attempt)

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        """Sends a request; a non-2xx answer raises the matching PioApiError subclass."""
        res = self.raw(method, path, **kwargs)
        if 200 <= res.status < 300:
            return res.json
        raise PioApiError.from_response(res.status, res.json if res.json is not None else res.text, res.headers)

    def _call(
        self,
        op: _OperationSpec,
        params: Optional[Mapping[str, Any]],
        fields: Mapping[str, Any],
        *,
        timeout: Optional[float],
        max_retries: Optional[int],
    ) -> Any:
        rest: Dict[str, Any] = {**(params or {}), **fields}
        path = op.path
        for name in op.path_params:
            value = rest.pop(name, None)
            if value is None or value == "":
                raise PioError(f"{op.method} {op.path}: `{name}` is required.")
            path = path.replace("{" + name + "}", urllib.parse.quote(str(value), safe=""))
        query = {name: rest.pop(name) for name in op.query_params if name in rest}
        body = rest if op.body else None
        return self.request(op.method, path, query=query, body=body, timeout=timeout, max_retries=max_retries)


def _query_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)
