/**
 * A failure of a portal operation that the person can act on. Service functions throw it;
 * the tRPC layer turns it into a TRPCError with the same code, and the message is shown as is.
 */
export type PortalErrorCode = "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "TOO_MANY_REQUESTS";

export class PortalError extends Error {
  constructor(
    readonly code: PortalErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "PortalError";
  }
}
