"""The Pio client: `Pio(api_key=..., base_url=...)`, one typed method per API operation."""

from __future__ import annotations

import time
from typing import Optional

from ._generated import IngestionResponse, _Operations
from .errors import PioError


class Pio(_Operations):
    """A client of the Pio API.

    >>> pio = Pio(api_key="pio_sk_test_…", base_url="http://localhost:3000")
    >>> pio.register({"user_id": "usr_1", "traits": {"name": "Ash"}})
    """

    def wait_for_ingestion(self, ingestion_id: str, *, timeout: float = 120.0, poll_interval: float = 0.5) -> IngestionResponse:
        """Polls GET /ingestions/{id} until processing is done; raises PioError if it failed or took too long."""
        deadline = time.monotonic() + timeout
        while True:
            status = self.get_ingestion(id=ingestion_id)
            if status["status"] == "done":
                return status
            if status["status"] == "failed":
                raise PioError(f"Ingestion {ingestion_id} failed: {status.get('error', 'no reason given')}")
            if time.monotonic() > deadline:
                raise PioError(f"Ingestion {ingestion_id} is still {status['status']} after {timeout} s.")
            time.sleep(poll_interval)
