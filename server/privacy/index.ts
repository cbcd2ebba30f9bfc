/**
 * Anonymization (PII redaction) applied to everything agents send before it is stored.
 * Policy and limits: docs/privacy.md.
 */
export * from "./types";
export * from "./detectors";
export * from "./redact";
export * from "./ner";
export { luhnValid, ibanValid, isIPv4, isIPv6 } from "./validators";
