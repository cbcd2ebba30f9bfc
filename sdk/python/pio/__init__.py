"""Pio: the personalization API for AI agents. Standard library only."""

from ._core import SDK_VERSION as __version__
from ._core import RawResponse, retry_after_seconds
from ._generated import *  # noqa: F401,F403 - the request and response types
from .client import Pio
from .errors import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PayloadTooLargeError,
    PioApiError,
    PioConnectionError,
    PioError,
    PioTimeoutError,
    RateLimitError,
)

__all__ = [
    "Pio",
    "PioError",
    "PioApiError",
    "BadRequestError",
    "AuthenticationError",
    "NotFoundError",
    "ConflictError",
    "PayloadTooLargeError",
    "RateLimitError",
    "InternalServerError",
    "PioConnectionError",
    "PioTimeoutError",
    "RawResponse",
    "retry_after_seconds",
    "__version__",
]
