import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { Database } from "@/db/client";
import { environmentEnum, type Environment, type MemberRole, type Workspace } from "@/db/schema";
import { randomBase58 } from "@/server/lib/base58";
import { PortalError } from "@/server/lib/portal-error";
import { serviceContext, type Jobs, type ServiceContext } from "@/server/service/context";
import { DomainError, type DomainErrorKind } from "@/server/service/errors";
import { requireMembership } from "@/server/workspaces/service";

export interface SessionUser {
  id: string;
  email: string;
  name?: string | null;
  /** Whether the account proved its address (server/accounts/email-verification.ts). */
  emailVerified?: boolean;
}

/**
 * What every procedure sees. The HTTP endpoint fills it from the request's session
 * (server/api/context.ts); tests build it directly, with any session they like.
 */
export interface Context {
  db: Database;
  session: { user: SessionUser } | null;
  /** This site's public origin, for links in mail (server/http/origin.ts). */
  origin?: string;
  /** Stamped per request by the HTTP endpoint; one is made up when absent (tests). */
  requestId?: string;
  /** Background jobs of the use cases; tests may pass a recorder. */
  jobs?: Jobs;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: {
        ...shape.data,
        // The first invalid field with its message, for forms to show beside the field.
        zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
        // A domain error's machine code and the input field at fault, when the service named one.
        domainError: error.cause instanceof DomainError ? { code: error.cause.code, field: error.cause.field ?? null } : null,
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

const TRPC_CODE: Record<DomainErrorKind, TRPCError["code"]> = {
  not_found: "NOT_FOUND",
  invalid: "BAD_REQUEST",
  conflict: "CONFLICT",
  forbidden: "FORBIDDEN",
  too_large: "PAYLOAD_TOO_LARGE",
  unavailable: "SERVICE_UNAVAILABLE",
  timeout: "TIMEOUT",
};

/**
 * Service functions throw PortalError or DomainError (server/service/errors.ts); this is the one
 * place tRPC maps them: the person sees the message with the matching code.
 */
const portalErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof PortalError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: TRPC_CODE[cause.kind], message: cause.message, cause });
  }
  return result;
});

export const publicProcedure = t.procedure.use(portalErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session?.user?.id) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, session: ctx.session, user: ctx.session.user } });
});

/**
 * Every procedure that touches a workspace takes its id and runs only for members of it.
 * Other workspaces answer NOT_FOUND, exactly like ones that do not exist.
 */
export const workspaceProcedure = protectedProcedure
  .input(z.object({ workspaceId: z.string().min(1).max(64) }))
  .use(async ({ ctx, input, next }) => {
    const membership = await requireMembership(ctx.db, input.workspaceId, ctx.user.id);
    return next({ ctx: { ...ctx, workspace: membership.workspace, role: membership.role } });
  });

export const environmentInput = z.object({ environment: z.enum(environmentEnum.enumValues) });

/**
 * The use-case context of a portal call in one environment of the workspace: the signed-in
 * account as actor. Procedures hand it to the same service functions the REST routes call.
 */
export function portalService(
  ctx: Pick<Context, "db" | "requestId" | "jobs"> & { user: SessionUser; workspace: Workspace },
  environment: Environment,
): ServiceContext {
  return serviceContext({
    db: ctx.db,
    scope: { workspaceId: ctx.workspace.id, environment },
    actor: { kind: "account", accountId: ctx.user.id },
    requestId: ctx.requestId ?? `req_${randomBase58(12)}`,
    jobs: ctx.jobs,
  });
}

/** Reads of user data are per environment: sandbox and live never mix. `ctx.service` is scoped to it. */
export const environmentProcedure = workspaceProcedure
  .input(environmentInput)
  .use(({ ctx, input, next }) => next({ ctx: { ...ctx, service: portalService(ctx, input.environment) } }));

/** Only owners may do this (invite, manage live keys and data, delete the workspace). */
export function requireOwner(ctx: { role: MemberRole; workspace: Workspace }, what: string): void {
  if (ctx.role !== "owner") throw new TRPCError({ code: "FORBIDDEN", message: `Only owners of ${ctx.workspace.name} can ${what}.` });
}
