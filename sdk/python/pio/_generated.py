"""Generated from the OpenAPI document by `npm run sdk:generate` (scripts/sdk-codegen.ts). Do not edit."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Union

from typing import Literal, TypedDict

from ._core import _Core, _OperationSpec

ErrorCode = Literal["missing_api_key", "invalid_api_key", "revoked_api_key", "expired_api_key", "missing_body", "invalid_json", "validation_error", "user_not_found", "memory_not_found", "ingestion_not_found", "method_not_allowed", "email_conflict", "registration_conflict", "payload_too_large", "too_many_items", "rate_limited", "internal_error", "database_unavailable", "query_timeout"]


class RegisterResponse(TypedDict):
    user_id: str  # The user's id: yours, or the generated `usr_…`.
    created_at: str  # When the user was first registered.
    status: Literal["active"]


class RegisterRequest(TypedDict, total=False):
    email: str  # The user's email. Either `email` or `user_id` is required. Stored only as a workspace-scoped hash.
    user_id: str  # Your own id for the user. Generated (`usr_…`) when omitted.
    purpose: Optional[str]  # What your agent does for this user; focuses the profile summary and Stage 3 questions.
    traits: Dict[str, Any]  # name, locale, timezone, social URLs, website, notes, … merged key by key into the stored traits, newest value winning (at most 64 KB of JSON).


class IngestResponseSaved(TypedDict):
    """What was stored."""
    documents: int  # Documents stored.
    message_history: int  # Conversations stored (the request's messages form one).
    messages: int  # Messages stored.


class _IngestResponseSkippedItemRequired(TypedDict):
    type: Literal["message", "document"]
    index: int
    reason: str


class IngestResponseSkippedItem(_IngestResponseSkippedItemRequired, total=False):
    id: str
    doc_id: str


class IngestResponseProcessingTriggered(TypedDict):
    documents: bool
    message_history: bool


class IngestResponseStoredIdsItem(TypedDict):
    field: str
    stored_as: str


class _IngestResponseIngestionCountsRequired(TypedDict):
    messages: int
    documents: int
    skipped: int
    memories_added: int
    memories_updated: int
    memories_deleted: int
    memories_unchanged: int
    document_chunks: int


class IngestResponseIngestionCounts(_IngestResponseIngestionCountsRequired, total=False):
    memories_superseded: int  # Earlier facts this ingestion superseded (kept as history).


class IngestResponseIngestionItemsItemFacts(TypedDict):
    """A message's facts by result (`deleted`: a fact it retracted)."""
    added: int
    updated: int
    deleted: int
    unchanged: int


class _IngestResponseIngestionItemsItemRequired(TypedDict):
    type: Literal["message", "document"]
    index: int  # Its position in the request's `message_history` or `documents`.
    outcome: Literal["pending", "learned", "already_known", "no_fact_found", "duplicate", "stored", "failed"]  # `learned`: facts added or updated; `already_known`: facts found, all known; `no_fact_found`; `duplicate`: not stored (`options.dedupe`); `stored`: a document kept as searchable passages; `pending`: not processed yet; `failed`: processing failed.
    reason: str  # The outcome in words.
    pii_redacted: List[str]  # The kinds of personal data redacted from it before storage (`email`, `phone`, …).


class IngestResponseIngestionItemsItem(_IngestResponseIngestionItemsItemRequired, total=False):
    """What became of one item of the request."""
    id: str  # A message's id: yours, or Pio's `msg_…` (the id `source_ids` cite).
    doc_id: str  # A document's `doc_id`: yours, or the generated one.
    facts: "IngestResponseIngestionItemsItemFacts"  # A message's facts by result (`deleted`: a fact it retracted).
    chunks: int  # A document's searchable passages.


class _IngestResponseIngestionRequired(TypedDict):
    ingestion_id: str
    user_id: str
    status: Literal["queued", "processing", "done", "failed"]  # `done` once memories are extracted; `failed` with `error`.
    counts: "IngestResponseIngestionCounts"
    items: List["IngestResponseIngestionItemsItem"]  # Per item of the request, in order (messages, then documents): its outcome and why.
    attempts: int
    created_at: str
    started_at: Optional[str]
    finished_at: Optional[str]


class IngestResponseIngestion(_IngestResponseIngestionRequired, total=False):
    """With `options.wait`, once processing finished within the wait: the ingestion as `GET /ingestions/{id}` shows it."""
    error: str  # Why processing failed.


class _IngestResponseRequired(TypedDict):
    ingestion_id: str  # Follow processing with `GET /ingestions/{id}`.
    saved: "IngestResponseSaved"  # What was stored.
    skipped: List["IngestResponseSkippedItem"]  # Items not stored (with `options.dedupe`, already known), each with its index and reason.
    processing_triggered: "IngestResponseProcessingTriggered"
    inserted_document_ids: List[str]  # Ids of the stored documents and of the conversation (`msg_…`).
    received_at: str


class IngestResponse(_IngestResponseRequired, total=False):
    stored_ids: List["IngestResponseStoredIdsItem"]  # Only when it applies: message `id`s and `doc_id`s that carried personal data (an email, a card number), each with the pseudonym it is stored and returned as. Sending the original again finds the same item.
    status: Literal["queued", "processing", "done", "failed"]  # With `options.wait`: the ingestion's status when answered (`queued`/`processing` when the wait ran out).
    status_url: str  # With `options.wait`: where to follow the ingestion (`/ingestions/{id}`).
    waited_ms: int  # With `options.wait`: how long the request waited for processing.
    ingestion: "IngestResponseIngestion"  # With `options.wait`, once processing finished within the wait: the ingestion as `GET /ingestions/{id}` shows it.


class _IngestRequestMessageHistoryItemRequired(TypedDict):
    role: Literal["user", "assistant", "system", "tool"]  # Who spoke.
    content: str  # What was said.


class IngestRequestMessageHistoryItem(_IngestRequestMessageHistoryItemRequired, total=False):
    id: str  # Your id for the message; with `options.dedupe` a known id is skipped.
    timestamp: str  # ISO 8601 with `Z` or an offset, or a date; defaults to the time received.


class _IngestRequestDocumentsItemRequired(TypedDict):
    content: str  # The document's text.


class IngestRequestDocumentsItem(_IngestRequestDocumentsItemRequired, total=False):
    title: Optional[str]  # Its title.
    document_type: str  # `document`, `message_history`, `email`, `calendar_event` or a custom type.
    doc_id: str  # Your id for the document: a known `doc_id` with new content replaces the document.
    created_at: str  # When the document was written (ISO 8601).


class IngestRequestOptions(TypedDict, total=False):
    """Processing options."""
    dedupe: bool  # Skip messages and documents already stored for this user; each skipped item is listed in `skipped`.
    wait: bool  # Answer after processing (memories extracted): the response then carries `status`, `status_url` and the processed `ingestion` with per-item outcomes. Bounded by `options.wait_timeout`; past it the answer is as without `wait`, plus `status` and `status_url` to follow.
    wait_timeout: int  # With `options.wait`: how many seconds to wait at most (default 30, at most 50).


class _IngestRequestRequired(TypedDict):
    user_id: str  # The user, as returned by `/register`.


class IngestRequest(_IngestRequestRequired, total=False):
    source: Optional[str]  # Where the data comes from (`gmail`, `slack`, your agent's name, …).
    message_history: List["IngestRequestMessageHistoryItem"]  # Conversation turns, stored as one conversation (at most 5,000).
    documents: List["IngestRequestDocumentsItem"]  # Documents (at most 500).
    options: "IngestRequestOptions"  # Processing options.


class _IngestionResponseCountsRequired(TypedDict):
    messages: int
    documents: int
    skipped: int
    memories_added: int
    memories_updated: int
    memories_deleted: int
    memories_unchanged: int
    document_chunks: int


class IngestionResponseCounts(_IngestionResponseCountsRequired, total=False):
    memories_superseded: int  # Earlier facts this ingestion superseded (kept as history).


class IngestionResponseItemsItemFacts(TypedDict):
    """A message's facts by result (`deleted`: a fact it retracted)."""
    added: int
    updated: int
    deleted: int
    unchanged: int


class _IngestionResponseItemsItemRequired(TypedDict):
    type: Literal["message", "document"]
    index: int  # Its position in the request's `message_history` or `documents`.
    outcome: Literal["pending", "learned", "already_known", "no_fact_found", "duplicate", "stored", "failed"]  # `learned`: facts added or updated; `already_known`: facts found, all known; `no_fact_found`; `duplicate`: not stored (`options.dedupe`); `stored`: a document kept as searchable passages; `pending`: not processed yet; `failed`: processing failed.
    reason: str  # The outcome in words.
    pii_redacted: List[str]  # The kinds of personal data redacted from it before storage (`email`, `phone`, …).


class IngestionResponseItemsItem(_IngestionResponseItemsItemRequired, total=False):
    """What became of one item of the request."""
    id: str  # A message's id: yours, or Pio's `msg_…` (the id `source_ids` cite).
    doc_id: str  # A document's `doc_id`: yours, or the generated one.
    facts: "IngestionResponseItemsItemFacts"  # A message's facts by result (`deleted`: a fact it retracted).
    chunks: int  # A document's searchable passages.


class _IngestionResponseRequired(TypedDict):
    ingestion_id: str
    user_id: str
    status: Literal["queued", "processing", "done", "failed"]  # `done` once memories are extracted; `failed` with `error`.
    counts: "IngestionResponseCounts"
    items: List["IngestionResponseItemsItem"]  # Per item of the request, in order (messages, then documents): its outcome and why.
    attempts: int
    created_at: str
    started_at: Optional[str]
    finished_at: Optional[str]


class IngestionResponse(_IngestionResponseRequired, total=False):
    error: str  # Why processing failed.


class SummaryResponse(TypedDict):
    user_id: str
    generated_at: str
    purpose: Optional[str]  # The purpose asked for, or null.
    summary: str  # Third-person prose for the system prompt, at most `max_chars` characters.
    cached: bool  # Served from storage rather than generated for this request.


class ProfileResponseTopicsItemFactsItemEntitiesItem(TypedDict):
    name: Optional[str]
    type: Literal["person", "place", "organization", "pet"]
    relation: Optional[str]


class _ProfileResponseTopicsItemFactsItemRequired(TypedDict):
    id: str
    text: str  # The fact, in the third person.
    status: Literal["current", "superseded"]  # `superseded` facts are history, never current.
    salience: Literal["safety", "identity", "preference", "event"]
    valid_from: Optional[str]  # When the fact holds from.
    said_at: Optional[str]  # When it was said.
    source_ids: List[str]
    entities: List["ProfileResponseTopicsItemFactsItemEntitiesItem"]


class ProfileResponseTopicsItemFactsItem(_ProfileResponseTopicsItemFactsItemRequired, total=False):
    valid_to: Optional[str]  # Until when it held (superseded facts).
    superseded_by: Optional[str]  # The newer fact that superseded it.


class ProfileResponseTopicsItem(TypedDict):
    topic: Literal["identity", "work", "people", "family", "health", "food", "schedule", "communication", "goals", "interests", "travel", "finances", "events", "other"]  # A key of the taxonomy (docs: the user model).
    label: str
    facts: List["ProfileResponseTopicsItemFactsItem"]


class ProfileResponseEntitiesItem(TypedDict):
    name: Optional[str]
    type: Literal["person", "place", "organization", "pet"]
    relation: Optional[str]
    fact_ids: List[str]


class ProfileResponseFlagsItem(TypedDict):
    trait: Literal["timezone", "name"]
    value: str
    reason: str
    fact_id: str
    suggested: Optional[str]


class ProfileResponseCounts(TypedDict):
    facts: int
    current: int
    superseded: int


class ProfileResponse(TypedDict):
    user_id: str
    name: Optional[str]  # The user's name from their traits, or null.
    topics: List["ProfileResponseTopicsItem"]  # Topics in the taxonomy's order → facts: current first (safety, identity, preference, event; newest first), then history.
    entities: List["ProfileResponseEntitiesItem"]  # People (with their relation to the user), pets, places and organizations of the current facts.
    flags: List["ProfileResponseFlagsItem"]  # Traits a newer fact contradicts: the timezone after a move, the name after the user asked to be called by another.
    counts: "ProfileResponseCounts"
    truncated: bool  # More than the 2,000 newest facts exist.


class _ChunksResponseChunksItemRequired(TypedDict):
    id: str  # Pass it in `exclude_chunk_ids` to leave it out next time.
    text: str  # The text to put in the prompt.
    score: float  # Relevance in [0, 1].
    source: Literal["memory", "stage3", "document"]  # A memory, a Stage 3 answer, or a document passage.
    created_at: str
    updated_at: str
    source_ids: List[str]  # The stored messages or documents it comes from.


class ChunksResponseChunksItem(_ChunksResponseChunksItemRequired, total=False):
    question_index: int
    question: str
    answer: str


class ChunksResponseDebug(TypedDict):
    stage3_count: int
    memory_count: int
    document_count: int
    total_candidates: int
    threshold: float
    embedding_time_ms: float
    search_time_ms: float
    total_time_ms: float


class ChunksResponse(TypedDict):
    chunks: List["ChunksResponseChunksItem"]
    used_query: str  # The search terms built from the conversation.
    debug: "ChunksResponseDebug"


class ChunksRequestHistoryItem(TypedDict):
    role: Literal["user", "assistant", "system", "tool"]  # Who spoke.
    content: str  # What was said.


class _ChunksRequestRequired(TypedDict):
    user_id: str  # The user.
    history: List["ChunksRequestHistoryItem"]  # Recent conversation turns, oldest first.


class ChunksRequest(_ChunksRequestRequired, total=False):
    k: int  # How many chunks to return (default 6).
    top_k: int  # Alias of `k`.
    similarity_threshold: float  # Minimum score in [0, 1] (0.25–0.35 broad, 0.4–0.5 precise).
    max_context_turns: int  # How many of the last turns build the search.
    exclude_chunk_ids: List[str]  # Chunk ids to leave out (e.g. already in the prompt).


class QueryResponseSourcesItem(TypedDict):
    id: str  # A fact (`mem_…`), a conversation excerpt (`cnv_…`) or a document chunk (`chk_…`).
    text: str
    source_ids: List[str]  # The messages or documents it comes from.


class QueryResponse(TypedDict):
    user_id: str
    question: str
    answer: str  # The answer, for the agent: first and short (one to three sentences, a list for who / which questions).
    cached: bool  # Answered from a stored answer to the same question whose facts are unchanged.
    source_ids: List[str]  # The messages and documents the answer rests on (those of `sources`).
    sources: List["QueryResponseSourcesItem"]  # The facts or chunks the answer was composed from.


class _QueryRequestRequired(TypedDict):
    user_id: str  # The user.
    question: str  # The question, in natural language.


class QueryRequest(_QueryRequestRequired, total=False):
    use_cache: bool  # `false` forces a fresh answer instead of a stored one.


class ListUsersResponseUsersItem(TypedDict):
    user_id: str
    email: Optional[str]  # The masked email (`a***@example.com`); the address itself is never stored.
    name: Optional[str]  # `traits.name`, or null.
    purpose: Optional[str]
    memory_count: int
    created_at: str
    updated_at: str


class ListUsersResponse(TypedDict):
    users: List["ListUsersResponseUsersItem"]  # Newest first.
    next_cursor: Optional[str]  # Pass it as `cursor` for the next page; null on the last page.


class UserResponseCounts(TypedDict):
    memories: int
    current_memories: int
    messages: int
    documents: int
    ingestions: int


class UserResponse(TypedDict):
    user_id: str
    email: Optional[str]  # The masked email (`a***@example.com`); the address itself is never stored.
    name: Optional[str]  # `traits.name`, or null.
    purpose: Optional[str]
    memory_count: int
    created_at: str
    updated_at: str
    traits: Dict[str, Any]
    counts: "UserResponseCounts"
    last_ingested_at: Optional[str]


class ExportUserResponseUser(TypedDict):
    user_id: str
    email: Optional[str]
    name: Optional[str]
    purpose: Optional[str]
    traits: Dict[str, Any]
    profile: Dict[str, Any]
    created_at: str
    updated_at: str


class ExportUserResponseMessagesItem(TypedDict):
    id: str
    role: str
    content: str
    source: Optional[str]
    timestamp: str
    ingestion_id: str


class ExportUserResponseDocumentsItem(TypedDict):
    doc_id: str
    title: Optional[str]
    document_type: str
    content: str
    source: Optional[str]
    version: int
    created_at: str
    updated_at: str


class ExportUserResponseMemoriesItemEntitiesItem(TypedDict):
    name: Optional[str]
    type: Literal["person", "place", "organization", "pet"]
    relation: Optional[str]


class ExportUserResponseMemoriesItemHistoryItemActor(TypedDict):
    """Who made it: an API key's id, a portal account's id, or `system` (`ingestion`)."""
    kind: Literal["api_key", "account", "system"]
    id: Optional[str]


class ExportUserResponseMemoriesItemHistoryItem(TypedDict):
    version: int
    event: Literal["extraction", "reconcile", "edit", "delete"]  # What made this version: `extraction` (an ingestion added it), `reconcile` (a newer fact superseded it, or deleting that newer fact restored it), `edit`, `delete`.
    text: Optional[str]  # The text after this event (null once the memory is deleted).
    topic: Optional[Literal["identity", "work", "people", "family", "health", "food", "schedule", "communication", "goals", "interests", "travel", "finances", "events", "other"]]
    status: Optional[Literal["current", "superseded"]]
    superseded_by: Optional[str]
    ingestion_id: Optional[str]
    actor: "ExportUserResponseMemoriesItemHistoryItemActor"  # Who made it: an API key's id, a portal account's id, or `system` (`ingestion`).
    request_id: Optional[str]
    at: str


class ExportUserResponseMemoriesItem(TypedDict):
    id: str
    user_id: str
    text: str  # The fact, in the third person (redacted).
    kind: Literal["fact", "remark"]  # `remark`: something the user said that is not about them (searchable, not part of the model).
    topic: Literal["identity", "work", "people", "family", "health", "food", "schedule", "communication", "goals", "interests", "travel", "finances", "events", "other"]
    salience: Literal["safety", "identity", "preference", "event"]
    status: Literal["current", "superseded"]  # `superseded` facts are history, never current.
    superseded_by: Optional[str]
    entities: List["ExportUserResponseMemoriesItemEntitiesItem"]
    source_ids: List[str]  # The messages or documents it comes from.
    source: Optional[str]  # The `source` of the ingest call it came from.
    ingestion_id: Optional[str]
    said_at: Optional[str]
    valid_from: Optional[str]
    valid_to: Optional[str]
    created_at: str
    updated_at: str
    history: List["ExportUserResponseMemoriesItemHistoryItem"]  # Every version, oldest first.


class ExportUserResponseDeletedMemoriesItemHistoryItemActor(TypedDict):
    """Who made it: an API key's id, a portal account's id, or `system` (`ingestion`)."""
    kind: Literal["api_key", "account", "system"]
    id: Optional[str]


class ExportUserResponseDeletedMemoriesItemHistoryItem(TypedDict):
    version: int
    event: Literal["extraction", "reconcile", "edit", "delete"]  # What made this version: `extraction` (an ingestion added it), `reconcile` (a newer fact superseded it, or deleting that newer fact restored it), `edit`, `delete`.
    text: Optional[str]  # The text after this event (null once the memory is deleted).
    topic: Optional[Literal["identity", "work", "people", "family", "health", "food", "schedule", "communication", "goals", "interests", "travel", "finances", "events", "other"]]
    status: Optional[Literal["current", "superseded"]]
    superseded_by: Optional[str]
    ingestion_id: Optional[str]
    actor: "ExportUserResponseDeletedMemoriesItemHistoryItemActor"  # Who made it: an API key's id, a portal account's id, or `system` (`ingestion`).
    request_id: Optional[str]
    at: str


class ExportUserResponseDeletedMemoriesItem(TypedDict):
    id: str
    history: List["ExportUserResponseDeletedMemoriesItemHistoryItem"]


class ExportUserResponseSummariesItem(TypedDict):
    purpose: Optional[str]
    summary: str
    generated_at: str


class ExportUserResponseStage3AnswersItem(TypedDict):
    question: str
    answer: str
    topic: str
    source_ids: List[str]
    fact_ids: List[str]
    updated_at: str


class ExportUserResponseCachedAnswersItem(TypedDict):
    question: str
    answer: str
    fact_ids: List[str]
    updated_at: str


class ExportUserResponseIngestionsItem(TypedDict):
    ingestion_id: str
    source: Optional[str]
    status: Literal["queued", "processing", "done", "failed"]
    counts: Dict[str, Any]
    error: Optional[str]
    created_at: str
    finished_at: Optional[str]


class ExportUserResponseEnrichmentItem(TypedDict):
    kind: str
    url: Optional[str]
    status: str
    data: Dict[str, Any]
    fetched_at: str


class ExportUserResponse(TypedDict):
    exported_at: str
    user: "ExportUserResponseUser"
    messages: List["ExportUserResponseMessagesItem"]
    documents: List["ExportUserResponseDocumentsItem"]
    memories: List["ExportUserResponseMemoriesItem"]
    deleted_memories: List["ExportUserResponseDeletedMemoriesItem"]  # Deleted memories' audit: who deleted which id and when; their texts are erased.
    summaries: List["ExportUserResponseSummariesItem"]
    stage3_answers: List["ExportUserResponseStage3AnswersItem"]
    cached_answers: List["ExportUserResponseCachedAnswersItem"]
    ingestions: List["ExportUserResponseIngestionsItem"]
    enrichment: List["ExportUserResponseEnrichmentItem"]


class ListMemoriesResponseMemoriesItemEntitiesItem(TypedDict):
    name: Optional[str]
    type: Literal["person", "place", "organization", "pet"]
    relation: Optional[str]


class ListMemoriesResponseMemoriesItem(TypedDict):
    id: str
    user_id: str
    text: str  # The fact, in the third person (redacted).
    kind: Literal["fact", "remark"]  # `remark`: something the user said that is not about them (searchable, not part of the model).
    topic: Literal["identity", "work", "people", "family", "health", "food", "schedule", "communication", "goals", "interests", "travel", "finances", "events", "other"]
    salience: Literal["safety", "identity", "preference", "event"]
    status: Literal["current", "superseded"]  # `superseded` facts are history, never current.
    superseded_by: Optional[str]
    entities: List["ListMemoriesResponseMemoriesItemEntitiesItem"]
    source_ids: List[str]  # The messages or documents it comes from.
    source: Optional[str]  # The `source` of the ingest call it came from.
    ingestion_id: Optional[str]
    said_at: Optional[str]
    valid_from: Optional[str]
    valid_to: Optional[str]
    created_at: str
    updated_at: str


class ListMemoriesResponse(TypedDict):
    memories: List["ListMemoriesResponseMemoriesItem"]  # Newest first.
    next_cursor: Optional[str]  # Pass it as `cursor` for the next page; null on the last page.


class MemoryResponseEntitiesItem(TypedDict):
    name: Optional[str]
    type: Literal["person", "place", "organization", "pet"]
    relation: Optional[str]


class MemoryResponseHistoryItemActor(TypedDict):
    """Who made it: an API key's id, a portal account's id, or `system` (`ingestion`)."""
    kind: Literal["api_key", "account", "system"]
    id: Optional[str]


class MemoryResponseHistoryItem(TypedDict):
    version: int
    event: Literal["extraction", "reconcile", "edit", "delete"]  # What made this version: `extraction` (an ingestion added it), `reconcile` (a newer fact superseded it, or deleting that newer fact restored it), `edit`, `delete`.
    text: Optional[str]  # The text after this event (null once the memory is deleted).
    topic: Optional[Literal["identity", "work", "people", "family", "health", "food", "schedule", "communication", "goals", "interests", "travel", "finances", "events", "other"]]
    status: Optional[Literal["current", "superseded"]]
    superseded_by: Optional[str]
    ingestion_id: Optional[str]
    actor: "MemoryResponseHistoryItemActor"  # Who made it: an API key's id, a portal account's id, or `system` (`ingestion`).
    request_id: Optional[str]
    at: str


class MemoryResponse(TypedDict):
    id: str
    user_id: str
    text: str  # The fact, in the third person (redacted).
    kind: Literal["fact", "remark"]  # `remark`: something the user said that is not about them (searchable, not part of the model).
    topic: Literal["identity", "work", "people", "family", "health", "food", "schedule", "communication", "goals", "interests", "travel", "finances", "events", "other"]
    salience: Literal["safety", "identity", "preference", "event"]
    status: Literal["current", "superseded"]  # `superseded` facts are history, never current.
    superseded_by: Optional[str]
    entities: List["MemoryResponseEntitiesItem"]
    source_ids: List[str]  # The messages or documents it comes from.
    source: Optional[str]  # The `source` of the ingest call it came from.
    ingestion_id: Optional[str]
    said_at: Optional[str]
    valid_from: Optional[str]
    valid_to: Optional[str]
    created_at: str
    updated_at: str
    history: List["MemoryResponseHistoryItem"]  # Every version, oldest first.


class UpdateMemoryResponseEntitiesItem(TypedDict):
    name: Optional[str]
    type: Literal["person", "place", "organization", "pet"]
    relation: Optional[str]


class UpdateMemoryResponse(TypedDict):
    id: str
    user_id: str
    text: str  # The fact, in the third person (redacted).
    kind: Literal["fact", "remark"]  # `remark`: something the user said that is not about them (searchable, not part of the model).
    topic: Literal["identity", "work", "people", "family", "health", "food", "schedule", "communication", "goals", "interests", "travel", "finances", "events", "other"]
    salience: Literal["safety", "identity", "preference", "event"]
    status: Literal["current", "superseded"]  # `superseded` facts are history, never current.
    superseded_by: Optional[str]
    entities: List["UpdateMemoryResponseEntitiesItem"]
    source_ids: List[str]  # The messages or documents it comes from.
    source: Optional[str]  # The `source` of the ingest call it came from.
    ingestion_id: Optional[str]
    said_at: Optional[str]
    valid_from: Optional[str]
    valid_to: Optional[str]
    created_at: str
    updated_at: str


class UpdateMemoryRequest(TypedDict, total=False):
    text: str  # The corrected fact, in the third person.
    topic: Literal["identity", "work", "people", "family", "health", "food", "schedule", "communication", "goals", "interests", "travel", "finances", "events", "other"]  # File it under this topic instead.


class DeleteMemoryResponse(TypedDict):
    id: str
    user_id: str
    deleted: Literal[true]
    restored_ids: List[str]  # Facts the deleted one had superseded, current again.


class EraseUserResponse(TypedDict):
    user_id: str
    erased: Literal[true]
    erased_at: str
    counts: Dict[str, Any]  # Rows erased, by kind: users, messages, documents, document_chunks, memories, memory_versions, search_entries (vectors), search_terms, summaries, stage3_entries, stage3_runs, ingestions, cached_answers, profile_sources, webhook_deliveries (about this user).
    total_rows: int
    request_id: str  # Quote it as the receipt of this erasure.


class _ErrorResponseErrorRequired(TypedDict):
    code: Literal["missing_api_key", "invalid_api_key", "revoked_api_key", "expired_api_key", "missing_body", "invalid_json", "validation_error", "user_not_found", "memory_not_found", "ingestion_not_found", "method_not_allowed", "email_conflict", "registration_conflict", "payload_too_large", "too_many_items", "rate_limited", "internal_error", "database_unavailable", "query_timeout"]  # Machine-readable; see the list of codes.
    message: str  # What went wrong and how to fix it, for a person.
    request_id: str  # Quote it when reporting a problem; also in the `x-request-id` header.


class ErrorResponseError(_ErrorResponseErrorRequired, total=False):
    field: str  # The input field at fault, when there is one.


class ErrorResponse(TypedDict):
    error: "ErrorResponseError"


class IngestionParams(TypedDict):
    id: str  # The `ingestion_id` returned by `/ingest`.


class _SummaryParamsRequired(TypedDict):
    user_id: str  # The user.


class SummaryParams(_SummaryParamsRequired, total=False):
    max_chars: int  # Cut the summary to at most this many characters, at a sentence or word boundary.
    purpose: str  # A purpose to focus the summary on (e.g. `restaurant recommendations`).


class _ProfileParamsRequired(TypedDict):
    user_id: str  # The user.


class ProfileParams(_ProfileParamsRequired, total=False):
    status: Literal["all", "current"]  # `all` (default) includes superseded facts as history; `current` leaves them out.


class ListUsersParams(TypedDict, total=False):
    search: str  # A `user_id` prefix, or an email (matched exactly: only a hash of it is stored).
    limit: int  # Page size, 1–100 (default 20).
    cursor: str  # `next_cursor` of the previous page.


class UserParams(TypedDict):
    user_id: str  # The user.


class EraseUserParams(TypedDict):
    user_id: str  # The user.


class ExportUserParams(TypedDict):
    user_id: str  # The user.


class _ListMemoriesParamsRequired(TypedDict):
    user_id: str  # The user.


class ListMemoriesParams(_ListMemoriesParamsRequired, total=False):
    topic: Literal["identity", "work", "people", "family", "health", "food", "schedule", "communication", "goals", "interests", "travel", "finances", "events", "other"]  # Only this topic of the user model (`food`, `health`, `work`, …).
    status: Literal["current", "superseded", "all"]  # `all` (default), `current` or `superseded`.
    kind: Literal["fact", "remark", "all"]  # `all` (default), `fact` (about the user) or `remark` (said, not about them).
    source: str  # Only memories from ingest calls with this `source`.
    created_after: str  # Created at or after (ISO 8601).
    created_before: str  # Created before (ISO 8601).
    updated_after: str  # Last changed at or after (ISO 8601).
    updated_before: str  # Last changed before (ISO 8601).
    limit: int  # Page size, 1–100 (default 20).
    cursor: str  # `next_cursor` of the previous page.


class MemoryParams(TypedDict):
    id: str  # The memory's id (`mem_…`).


class UpdateMemoryParams(TypedDict):
    id: str  # The memory's id (`mem_…`).


class DeleteMemoryParams(TypedDict):
    id: str  # The memory's id (`mem_…`).


_OPERATIONS: Dict[str, _OperationSpec] = {
    "register": _OperationSpec("POST", "/register", (), (), True),
    "ingest": _OperationSpec("POST", "/ingest", (), (), True),
    "getIngestion": _OperationSpec("GET", "/ingestions/{id}", ("id",), (), False),
    "getSummary": _OperationSpec("GET", "/summary", (), ("user_id", "max_chars", "purpose",), False),
    "getProfile": _OperationSpec("GET", "/profile", (), ("user_id", "status",), False),
    "getChunks": _OperationSpec("POST", "/chunks", (), (), True),
    "query": _OperationSpec("POST", "/query", (), (), True),
    "listUsers": _OperationSpec("GET", "/users", (), ("search", "limit", "cursor",), False),
    "getUser": _OperationSpec("GET", "/users/{user_id}", ("user_id",), (), False),
    "eraseUser": _OperationSpec("DELETE", "/users/{user_id}", ("user_id",), (), False),
    "exportUser": _OperationSpec("GET", "/users/{user_id}/export", ("user_id",), (), False),
    "listMemories": _OperationSpec("GET", "/memories", (), ("user_id", "topic", "status", "kind", "source", "created_after", "created_before", "updated_after", "updated_before", "limit", "cursor",), False),
    "getMemory": _OperationSpec("GET", "/memories/{id}", ("id",), (), False),
    "updateMemory": _OperationSpec("PATCH", "/memories/{id}", ("id",), (), True),
    "deleteMemory": _OperationSpec("DELETE", "/memories/{id}", ("id",), (), False),
}


class _Operations(_Core):
    """One typed method per operation of the Pio API."""

    def register(self, params: Optional[RegisterRequest] = None, *, timeout: Optional[float] = None, max_retries: Optional[int] = None, **fields: Any) -> RegisterResponse:
        """Register a user: POST /register.

        Registers an end user, or merges `traits` into the existing one (idempotent on `email` or `user_id`). Answers 201 when the user was created and 200 when it already existed. Building the profile summary (Stage 2) starts in the background. `PUT /register` is an alias.
        """
        return self._call(_OPERATIONS["register"], params, fields, timeout=timeout, max_retries=max_retries)  # type: ignore[return-value]

    def ingest(self, params: Optional[IngestRequest] = None, *, timeout: Optional[float] = None, max_retries: Optional[int] = None, **fields: Any) -> IngestResponse:
        """Ingest conversations and documents: POST /ingest.

        Stores conversations and documents for a user (PII redacted first) and extracts memories from them in the background. Everything is validated before anything is stored. Follow processing with `GET /ingestions/{id}`.
        """
        return self._call(_OPERATIONS["ingest"], params, fields, timeout=timeout, max_retries=max_retries)  # type: ignore[return-value]

    def get_ingestion(self, params: Optional[IngestionParams] = None, *, timeout: Optional[float] = None, max_retries: Optional[int] = None, **fields: Any) -> IngestionResponse:
        """Get an ingestion's processing status: GET /ingestions/{id}.

        Reports the background processing of one `/ingest` call: `queued`, `processing`, `done` or `failed` (with `error`), what it produced, and per item of the request its outcome with the reason (facts added / updated / already known, no fact found, duplicate, PII types redacted).
        """
        return self._call(_OPERATIONS["getIngestion"], params, fields, timeout=timeout, max_retries=max_retries)  # type: ignore[return-value]

    def get_summary(self, params: Optional[SummaryParams] = None, *, timeout: Optional[float] = None, max_retries: Optional[int] = None, **fields: Any) -> SummaryResponse:
        """Get the profile summary: GET /summary.

        A natural-language summary of the user for the system prompt, deterministic for the same data. Served from storage; generated on first request for a new purpose.
        """
        return self._call(_OPERATIONS["getSummary"], params, fields, timeout=timeout, max_retries=max_retries)  # type: ignore[return-value]

    def get_profile(self, params: Optional[ProfileParams] = None, *, timeout: Optional[float] = None, max_retries: Optional[int] = None, **fields: Any) -> ProfileResponse:
        """Get the user model: GET /profile.

        What Pio understands about the user, as a tree: topics → facts (third person, with salience, status, when they hold and their sources; superseded facts kept as history), the people, places and organizations they name, and traits a newer fact contradicts.
        """
        return self._call(_OPERATIONS["getProfile"], params, fields, timeout=timeout, max_retries=max_retries)  # type: ignore[return-value]

    def get_chunks(self, params: Optional[ChunksRequest] = None, *, timeout: Optional[float] = None, max_retries: Optional[int] = None, **fields: Any) -> ChunksResponse:
        """Retrieve relevant chunks: POST /chunks.

        Memories, document passages and Stage 3 answers relevant to the current conversation, for grounding every agent turn. Built from the last turns of `history`, not just a question; no LLM call on this path.
        """
        return self._call(_OPERATIONS["getChunks"], params, fields, timeout=timeout, max_retries=max_retries)  # type: ignore[return-value]

    def query(self, params: Optional[QueryRequest] = None, *, timeout: Optional[float] = None, max_retries: Optional[int] = None, **fields: Any) -> QueryResponse:
        """Ask a question about the user: POST /query.

        Answers a natural-language question about the user from the facts Pio stored, cache first (a cached answer is dropped when a fact it cites changes). The answer comes first and short; `sources` lists the facts or chunks it was composed from. Answers are never stored as facts.
        """
        return self._call(_OPERATIONS["query"], params, fields, timeout=timeout, max_retries=max_retries)  # type: ignore[return-value]

    def list_users(self, params: Optional[ListUsersParams] = None, *, timeout: Optional[float] = None, max_retries: Optional[int] = None, **fields: Any) -> ListUsersResponse:
        """List users: GET /users.

        The environment's users, newest first, a page at a time. `search` matches a `user_id` prefix or an exact email.
        """
        return self._call(_OPERATIONS["listUsers"], params, fields, timeout=timeout, max_retries=max_retries)  # type: ignore[return-value]

    def get_user(self, params: Optional[UserParams] = None, *, timeout: Optional[float] = None, max_retries: Optional[int] = None, **fields: Any) -> UserResponse:
        """Get a user: GET /users/{user_id}.

        The user, their traits, and how much Pio holds about them.
        """
        return self._call(_OPERATIONS["getUser"], params, fields, timeout=timeout, max_retries=max_retries)  # type: ignore[return-value]

    def erase_user(self, params: Optional[EraseUserParams] = None, *, timeout: Optional[float] = None, max_retries: Optional[int] = None, **fields: Any) -> EraseUserResponse:
        """Erase a user: DELETE /users/{user_id}.

        Erases the user and everything of theirs — messages, documents, chunks, memories and their history, vectors, search terms, summaries, Stage 3 entries, ingestions, cached answers — in one transaction, and answers a receipt with the counts. From then on every endpoint answers `user_not_found` for this `user_id` (until it is registered again, as a new user).
        """
        return self._call(_OPERATIONS["eraseUser"], params, fields, timeout=timeout, max_retries=max_retries)  # type: ignore[return-value]

    def export_user(self, params: Optional[ExportUserParams] = None, *, timeout: Optional[float] = None, max_retries: Optional[int] = None, **fields: Any) -> ExportUserResponse:
        """Export a user's data: GET /users/{user_id}/export.

        Everything Pio holds about the user as one JSON document (data portability): traits, messages and documents as stored (redacted), memories with their history, summaries, Stage 3 answers, cached answers, ingestions and enrichment. Derived data (document chunks, vectors, search terms) is left out.
        """
        return self._call(_OPERATIONS["exportUser"], params, fields, timeout=timeout, max_retries=max_retries)  # type: ignore[return-value]

    def list_memories(self, params: Optional[ListMemoriesParams] = None, *, timeout: Optional[float] = None, max_retries: Optional[int] = None, **fields: Any) -> ListMemoriesResponse:
        """List a user's memories: GET /memories.

        The facts Pio stored about a user, newest first, a page at a time, with filters. Superseded facts are history (`status=current` leaves them out).
        """
        return self._call(_OPERATIONS["listMemories"], params, fields, timeout=timeout, max_retries=max_retries)  # type: ignore[return-value]

    def get_memory(self, params: Optional[MemoryParams] = None, *, timeout: Optional[float] = None, max_retries: Optional[int] = None, **fields: Any) -> MemoryResponse:
        """Get a memory with its history: GET /memories/{id}.

        One memory and its history: each version with the event that made it (`extraction`, `reconcile`, `edit`, `delete`) and who.
        """
        return self._call(_OPERATIONS["getMemory"], params, fields, timeout=timeout, max_retries=max_retries)  # type: ignore[return-value]

    def update_memory(self, params: Optional[UpdateMemoryParams] = None, *, timeout: Optional[float] = None, max_retries: Optional[int] = None, **fields: Any) -> UpdateMemoryResponse:
        """Correct a memory: PATCH /memories/{id}.

        Changes a memory's text (redacted and re-embedded like ingested text; topic, salience and entities follow it) or its topic. The summary, Stage 3 answers and cached /query answers built on it are refreshed before the response returns.
        """
        return self._call(_OPERATIONS["updateMemory"], params, fields, timeout=timeout, max_retries=max_retries)  # type: ignore[return-value]

    def delete_memory(self, params: Optional[DeleteMemoryParams] = None, *, timeout: Optional[float] = None, max_retries: Optional[int] = None, **fields: Any) -> DeleteMemoryResponse:
        """Delete a memory: DELETE /memories/{id}.

        Deletes a memory with its vector and search terms; its history keeps an audit version, every earlier text erased. A fact it had superseded is current again. The next /summary, /chunks and /query never show it.
        """
        return self._call(_OPERATIONS["deleteMemory"], params, fields, timeout=timeout, max_retries=max_retries)  # type: ignore[return-value]
