"""Generated from the OpenAPI document by `npm run sdk:generate` (scripts/sdk-codegen.ts). Do not edit."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Union

from typing import Literal, TypedDict

from ._core import _Core, _OperationSpec

ErrorCode = Literal["missing_api_key", "invalid_api_key", "revoked_api_key", "expired_api_key", "missing_body", "invalid_json", "validation_error", "user_not_found", "ingestion_not_found", "method_not_allowed", "email_conflict", "registration_conflict", "payload_too_large", "too_many_items", "rate_limited", "internal_error", "database_unavailable", "query_timeout"]


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
    trait: Literal["timezone"]
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
    flags: List["ProfileResponseFlagsItem"]  # Traits a newer fact contradicts (the timezone after a move).
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


class _ErrorResponseErrorRequired(TypedDict):
    code: Literal["missing_api_key", "invalid_api_key", "revoked_api_key", "expired_api_key", "missing_body", "invalid_json", "validation_error", "user_not_found", "ingestion_not_found", "method_not_allowed", "email_conflict", "registration_conflict", "payload_too_large", "too_many_items", "rate_limited", "internal_error", "database_unavailable", "query_timeout"]  # Machine-readable; see the list of codes.
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


_OPERATIONS: Dict[str, _OperationSpec] = {
    "register": _OperationSpec("POST", "/register", (), (), True),
    "ingest": _OperationSpec("POST", "/ingest", (), (), True),
    "getIngestion": _OperationSpec("GET", "/ingestions/{id}", ("id",), (), False),
    "getSummary": _OperationSpec("GET", "/summary", (), ("user_id", "max_chars", "purpose",), False),
    "getProfile": _OperationSpec("GET", "/profile", (), ("user_id", "status",), False),
    "getChunks": _OperationSpec("POST", "/chunks", (), (), True),
    "query": _OperationSpec("POST", "/query", (), (), True),
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
