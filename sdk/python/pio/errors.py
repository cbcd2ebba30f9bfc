"""Errors raised by the Pio client."""

from __future__ import annotations

from typing import Any, Mapping, Optional


class PioError(Exception):
    """Every error the client raises."""


class PioApiError(PioError):
    """Pio answered with an error: `code`, `message`, `field` (the input at fault) and `request_id`."""

    def __init__(self, status: int, body: Any, headers: Mapping[str, str]) -> None:
        envelope = body.get("error") if isinstance(body, dict) and isinstance(body.get("error"), dict) else {}
        self.status = status
        self.code: str = envelope.get("code") if isinstance(envelope.get("code"), str) else f"http_{status}"
        self.message: str = (
            envelope["message"]
            if isinstance(envelope.get("message"), str)
            else f"HTTP {status}" + (f": {body[:200]}" if isinstance(body, str) and body else "")
        )
        self.field: Optional[str] = envelope.get("field") if isinstance(envelope.get("field"), str) else None
        lower = {k.lower(): v for k, v in headers.items()}
        self.request_id: Optional[str] = envelope.get("request_id") or lower.get("x-request-id")
        self.headers = lower
        self.body = body
        super().__init__(self.message)

    def __str__(self) -> str:
        where = f" (field {self.field})" if self.field else ""
        return f"{self.status} {self.code}: {self.message}{where} [request {self.request_id}]"

    @staticmethod
    def from_response(status: int, body: Any, headers: Mapping[str, str]) -> "PioApiError":
        cls = {400: BadRequestError, 401: AuthenticationError, 404: NotFoundError, 409: ConflictError, 413: PayloadTooLargeError, 429: RateLimitError}.get(
            status, InternalServerError if status >= 500 else PioApiError
        )
        return cls(status, body, headers)


class BadRequestError(PioApiError):
    pass


class AuthenticationError(PioApiError):
    pass


class NotFoundError(PioApiError):
    pass


class ConflictError(PioApiError):
    pass


class PayloadTooLargeError(PioApiError):
    pass


class RateLimitError(PioApiError):
    @property
    def retry_after(self) -> Optional[float]:
        try:
            return float(self.headers["retry-after"])
        except (KeyError, ValueError):
            return None


class InternalServerError(PioApiError):
    pass


class PioConnectionError(PioError):
    """The server could not be reached (after the retries)."""


class PioTimeoutError(PioConnectionError):
    """No answer within the timeout (after the retries)."""
