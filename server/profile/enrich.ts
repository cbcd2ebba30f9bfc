import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { profileSources } from "@/db/schema";
import { env } from "@/server/env";
import { ingest, type IngestionJobData } from "@/server/ingest/ingest";
import { newId } from "@/server/lib/ids";
import { redactTextsForStorage } from "@/server/privacy/storage";
import { FetchFailedError, UnsafeUrlError } from "./safe-fetch";
import { loadEndUser } from "./stage3";
import { normalizeTraits } from "./traits";
import { enrichWebsite } from "./website";

export const WEBSITE_DOC_ID = "profile:website";

/**
 * Stage 1 enrichment (when ENRICH_WEBSITES is on): fetch the user's public website safely and
 * keep its title, description and main text as a profile document. LinkedIn and Twitter URLs
 * stay traits: they are not scraped. A refused or failed fetch is recorded, not retried.
 * Returns the ingestion to process, if a document was stored.
 */
export async function enrichProfileWebsite(db: Database, endUserId: string): Promise<{ status: string; job: IngestionJobData | null }> {
  const user = await loadEndUser(db, endUserId);
  if (!user) return { status: "gone", job: null };
  const url = normalizeTraits(user.traits).links.website;
  if (!url) return { status: "no_website", job: null };
  const [seen] = await db
    .select()
    .from(profileSources)
    .where(and(eq(profileSources.endUserId, user.id), eq(profileSources.kind, "website")));
  if (seen && seen.url === url && seen.status === "ok") return { status: "unchanged", job: null };

  const record = async (status: string, data: Record<string, unknown>, error: string | null) => {
    const values = { url, status, data, error, fetchedAt: new Date() };
    await db
      .insert(profileSources)
      .values({ id: newId("src"), workspaceId: user.workspaceId, environment: user.environment, endUserId: user.id, kind: "website", ...values })
      .onConflictDoUpdate({ target: [profileSources.endUserId, profileSources.kind], set: values });
  };
  const allowHosts = env().ENRICH_TEST_ALLOW_HOSTS?.split(",").map((h) => h.trim()).filter(Boolean);
  try {
    const page = await enrichWebsite(url, allowHosts?.length ? { allowHosts } : undefined);
    // What the page says is stored: redacted like any text (docs/privacy.md).
    const [title, description, finalUrl] = await redactTextsForStorage([page.title ?? "", page.description ?? "", page.url]);
    await record("ok", { title: page.title ? title : page.title, description: page.description ? description : page.description, final_url: finalUrl, chars: page.text.length }, null);
    const content = [page.title, page.description, page.text].filter(Boolean).join("\n\n");
    if (!content.trim()) return { status: "empty", job: null };
    const { job } = await ingest(db, { workspaceId: user.workspaceId, environment: user.environment }, {
      user_id: user.userId,
      source: "website",
      documents: [{ content, title: page.title ?? url, document_type: "profile", doc_id: WEBSITE_DOC_ID }],
      options: { dedupe: true },
    });
    return { status: "ok", job };
  } catch (e) {
    if (e instanceof UnsafeUrlError) {
      await record("refused", {}, e.message);
      return { status: "refused", job: null };
    }
    if (e instanceof FetchFailedError) {
      await record("failed", {}, e.message);
      return { status: "failed", job: null };
    }
    throw e;
  }
}
