"""The spec's "Complete Example: Restaurant Recommendation Agent", through the Pio client.

Each function is the spec's, with `requests` calls replaced by the client's typed methods
(which add retries, timeouts and typed errors). Run it against your server:

    PIO_URL=http://localhost:3000 PIO_API_KEY=pio_sk_test_… python3 examples/restaurant_agent.py
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timezone
from typing import Any, Dict, List

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from pio import IngestResponse, Pio, RegisterResponse  # noqa: E402

pio = Pio()  # PIO_API_KEY and PIO_URL from the environment


# 1. Initialize user (one-time)
def register_user(user_id: str, email: str) -> RegisterResponse:
    return pio.register(
        user_id=user_id,
        purpose="Restaurant recommendation agent that suggests dining options based on user preferences, dietary restrictions, and past experiences",
        traits={"name": "User Name", "timezone": "America/Los_Angeles"},
    )


# 2. Get profile summary for system prompt
def get_system_prompt(user_id: str) -> str:
    summary = pio.get_summary(user_id=user_id, max_chars=500)["summary"]

    return f"""You are a restaurant recommendation assistant.

User Profile:
{summary}

Provide personalized restaurant suggestions based on the user's preferences, dietary restrictions, and past experiences.
"""


# 3. Process user message with context
def process_message(user_id: str, conversation_history: List[Dict[str, Any]], new_message: str) -> str:
    # Get relevant context
    chunks = pio.get_chunks(
        user_id=user_id,
        history=conversation_history + [{"role": "user", "content": new_message}],
        k=5,
    )["chunks"]

    # Build enhanced message
    if chunks:
        context = "\n".join([f"- {c['text']}" for c in chunks])
        enhanced = f"{new_message}\n\n[Context: {context}]"
    else:
        enhanced = new_message

    # Send to your LLM
    # ... (your LLM call here)

    return enhanced


# 4. Learn from conversation
def save_conversation(user_id: str, messages: List[Dict[str, Any]]) -> IngestResponse:
    return pio.ingest(
        user_id=user_id,
        source="restaurant_agent",
        message_history=[
            {
                "role": msg["role"],
                "content": msg["content"],
                "timestamp": msg.get("timestamp", datetime.now(timezone.utc).replace(tzinfo=None).isoformat() + "Z"),
            }
            for msg in messages
        ],
        options={"dedupe": True},
    )


if __name__ == "__main__":
    user_id = "user_123"

    # First time setup
    register_user(user_id, "user@example.com")

    # Get system prompt
    system_prompt = get_system_prompt(user_id)
    print(system_prompt)

    # Chat loop
    conversation: List[Dict[str, Any]] = []
    while True:
        user_input = input("You: ")
        if user_input.lower() == "quit":
            break

        # Process with context
        enhanced_message = process_message(user_id, conversation, user_input)
        print(enhanced_message)

        # Update conversation
        conversation.append({"role": "user", "content": user_input})

    # Save conversation for learning
    save_conversation(user_id, conversation)
