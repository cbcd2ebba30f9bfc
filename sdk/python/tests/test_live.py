"""The Pio client and the spec's restaurant agent against a running Pio server.

Needs PIO_URL and PIO_API_KEY (npm test runs this from e2e/integrations.spec.ts against its
production server). Without them the tests are skipped, and the npm test run counts skips as failures.
"""

from __future__ import annotations

import os
import sys
import time
import unittest
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples"))

from pio import AuthenticationError, BadRequestError, NotFoundError, Pio  # noqa: E402

LIVE = bool(os.environ.get("PIO_URL") and os.environ.get("PIO_API_KEY"))


@unittest.skipUnless(LIVE, "set PIO_URL and PIO_API_KEY to run against a server")
class RestaurantAgentTest(unittest.TestCase):
    """The spec's "Complete Example: Restaurant Recommendation Agent", run as the spec runs it."""

    def test_the_spec_functions_work_end_to_end(self) -> None:
        import restaurant_agent as agent

        user_id = f"user_{uuid.uuid4().hex[:8]}"
        registered = agent.register_user(user_id, "user@example.com")
        self.assertEqual(registered["user_id"], user_id)
        self.assertEqual(registered["status"], "active")

        # A first session: nothing stored yet beyond the traits.
        prompt = agent.get_system_prompt(user_id)
        self.assertTrue(prompt.startswith("You are a restaurant recommendation assistant."))
        self.assertIn("User Profile:", prompt)
        self.assertEqual(agent.process_message(user_id, [], "Any ideas for dinner?"), "Any ideas for dinner?")

        conversation = [
            {"role": "user", "content": "I love sushi and usually eat late dinners around 9pm"},
            {"role": "assistant", "content": "Got it! I'll keep that in mind for restaurant recommendations."},
            {"role": "user", "content": "I'm severely allergic to peanuts, so no Thai peanut sauces please."},
        ]
        saved = agent.save_conversation(user_id, conversation)
        self.assertEqual(saved["saved"]["messages"], 3)
        agent.pio.wait_for_ingestion(saved["ingestion_id"], timeout=120)

        # The next session knows the user. The summary is rebuilt in the background after processing
        # (Stage 2), so it may take a moment longer than the ingestion itself.
        deadline = time.monotonic() + 60
        prompt = agent.get_system_prompt(user_id)
        while "peanut" not in prompt.lower() and time.monotonic() < deadline:
            time.sleep(0.5)
            prompt = agent.get_system_prompt(user_id)
        summary = prompt.split("User Profile:\n", 1)[1]
        self.assertLessEqual(len(summary.split("\n\nProvide personalized")[0]), 500)
        self.assertRegex(prompt, "(?i)peanut")
        enhanced = agent.process_message(user_id, conversation[:2], "I'm hungry, what should I eat tonight?")
        self.assertTrue(enhanced.startswith("I'm hungry, what should I eat tonight?\n\n[Context: "))
        self.assertRegex(enhanced, "(?i)sushi")

        # Saving the same conversation again stores nothing new (dedupe).
        again = agent.save_conversation(user_id, [{**m, "timestamp": "2025-11-01T14:30:00Z"} for m in conversation[:1]])
        repeat = agent.save_conversation(user_id, [{**m, "timestamp": "2025-11-01T14:30:00Z"} for m in conversation[:1]])
        self.assertEqual(again["saved"]["messages"], 1)
        self.assertEqual(repeat["saved"]["messages"], 0)
        self.assertEqual(repeat["skipped"][0]["type"], "message")


@unittest.skipUnless(LIVE, "set PIO_URL and PIO_API_KEY to run against a server")
class ClientLiveTest(unittest.TestCase):
    def setUp(self) -> None:
        self.pio = Pio()

    def test_quick_start_and_typed_errors(self) -> None:
        user_id = f"py_{uuid.uuid4().hex[:8]}"
        self.assertEqual(self.pio.register({"user_id": user_id, "traits": {"name": "Ash Lewis"}})["user_id"], user_id)
        ing = self.pio.ingest(
            user_id=user_id,
            message_history=[{"role": "user", "content": "My sister Maya lives in Lisbon and I visit her every spring."}],
        )
        self.assertEqual(self.pio.wait_for_ingestion(ing["ingestion_id"])["status"], "done")
        answer = self.pio.query(user_id=user_id, question="Where does the user's sister live?")
        self.assertRegex(answer["answer"], "Lisbon")
        self.assertIsInstance(answer["source_ids"], list)

        with self.assertRaises(NotFoundError) as missing:
            self.pio.get_summary(user_id="nobody-" + user_id)
        self.assertEqual((missing.exception.status, missing.exception.code, missing.exception.field), (404, "user_not_found", "user_id"))
        self.assertTrue(missing.exception.request_id.startswith("req_"))

        with self.assertRaises(BadRequestError) as invalid:
            self.pio.get_chunks(user_id=user_id, history=[{"role": "narrator", "content": "hi"}])
        self.assertEqual(invalid.exception.field, "history[0].role")

        with self.assertRaises(AuthenticationError) as bad_key:
            Pio(api_key="pio_sk_test_nope").get_summary(user_id=user_id)
        self.assertEqual(bad_key.exception.code, "invalid_api_key")


if __name__ == "__main__":
    unittest.main()
