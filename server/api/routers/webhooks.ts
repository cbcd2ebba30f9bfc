import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { serviceContext } from "@/server/service/context";
import { DomainError } from "@/server/service/errors";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  resendWebhookDelivery,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from "@/server/webhooks/endpoints";
import { createTRPCRouter, environmentProcedure, requireOwner } from "../trpc";

type EnvCtx = Parameters<Parameters<typeof environmentProcedure.query>[0]>[0];

/** The service context of a portal call: the workspace and environment chosen, the account as actor. */
function svc({ ctx, input }: Pick<EnvCtx, "ctx" | "input">) {
  return serviceContext({
    db: ctx.db,
    scope: { workspaceId: ctx.workspace.id, environment: input.environment },
    actor: { kind: "account", accountId: ctx.user.id },
    requestId: randomUUID(),
  });
}

/** Live endpoints receive live users' events: like live keys, only owners manage them. */
function mayChange(args: Pick<EnvCtx, "ctx" | "input">) {
  if (args.input.environment === "live") requireOwner(args.ctx, "manage live webhook endpoints");
}

/** Domain errors as tRPC errors (the field named in the message's data for the form). */
async function mapped<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const code = e.kind === "not_found" ? "NOT_FOUND" : e.kind === "conflict" ? "CONFLICT" : e.kind === "forbidden" ? "FORBIDDEN" : "BAD_REQUEST";
    throw new TRPCError({ code, message: e.message, cause: e });
  }
}

const id = z.string().min(1).max(64);

export const webhooksRouter = createTRPCRouter({
  list: environmentProcedure.query((args) => mapped(() => listWebhookEndpoints(svc(args)))),

  /** The signing secret is in this answer only. */
  create: environmentProcedure
    .input(z.object({ url: z.string().max(4096), events: z.array(z.string().max(64)).max(50), description: z.string().max(1000).nullish() }))
    .mutation((args) => {
      mayChange(args);
      return mapped(() => createWebhookEndpoint(svc(args), args.input));
    }),

  update: environmentProcedure
    .input(
      z.object({
        id,
        url: z.string().max(4096).optional(),
        events: z.array(z.string().max(64)).max(50).optional(),
        description: z.string().max(1000).nullish(),
      }),
    )
    .mutation((args) => {
      mayChange(args);
      return mapped(() => updateWebhookEndpoint(svc(args), args.input));
    }),

  delete: environmentProcedure.input(z.object({ id })).mutation((args) => {
    mayChange(args);
    return mapped(() => deleteWebhookEndpoint(svc(args), args.input));
  }),

  /** A new secret, shown once; the old one stops signing at once. */
  rotateSecret: environmentProcedure.input(z.object({ id })).mutation((args) => {
    mayChange(args);
    return mapped(() => rotateWebhookSecret(svc(args), args.input));
  }),

  deliveries: environmentProcedure
    .input(z.object({ endpointId: id.optional(), status: z.string().max(20).optional(), cursor: id.nullish(), limit: z.number().int().min(1).max(100).optional() }))
    .query((args) => mapped(() => listWebhookDeliveries(svc(args), { ...args.input, cursor: args.input.cursor ?? undefined }))),

  resend: environmentProcedure.input(z.object({ deliveryId: id })).mutation((args) => {
    mayChange(args);
    return mapped(() => resendWebhookDelivery(svc(args), { id: args.input.deliveryId }));
  }),
});
