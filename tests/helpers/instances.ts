import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { databaseUrl, quoteIdent, withAdmin } from "../setup/postgres";

const root = path.resolve(import.meta.dirname, "../..");

export interface Instance {
  url: string;
  pid: number;
  /** What the instance printed on stderr so far (start-up errors, job failures). */
  stderr(): string;
  fetch(pathname: string, init?: { method?: string; key?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  control(name: "revoke-key" | "dispatch" | "idle" | "info", body?: unknown): Promise<any>;
  stop(): Promise<void>;
}

/**
 * Starts an app instance (tests/helpers/app-instance.ts) in a process and process group of
 * its own, on the database at `databaseUrl`, with `env` on top of this process's environment.
 */
export async function startInstance(dbUrl: string, env: Record<string, string> = {}): Promise<Instance> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/app-instance.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: dbUrl, PGLITE_DATA_DIR: "memory://", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`instance did not start in 90 s:\n${err}`)), 90_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n").find((l) => l.startsWith('{"ready"'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line).ready);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`instance exited (${code}) before it was ready:\n${err}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const instance: Instance = {
    url,
    pid: child.pid!,
    stderr: () => err,
    async fetch(pathname, init = {}) {
      const headers: Record<string, string> = { ...(init.headers ?? {}) };
      if (init.key) headers["x-api-key"] = init.key;
      if (init.body !== undefined) headers["content-type"] = "application/json";
      const res = await fetch(url + pathname, {
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON */
      }
      return { status: res.status, body, headers: res.headers };
    },
    async control(name, body = {}) {
      const res = await instance.fetch(`/__instance/${name}`, { method: "POST", body });
      if (res.status !== 200) throw new Error(`control ${name}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    stop: () => stopChild(child),
  };
  return instance;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* gone */
      }
    }, 10_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      clearTimeout(kill);
      resolve();
    }
  });
}

/** A new, empty database on the test server (no migrations yet); dropped by `drop()`. */
export async function emptyDatabase(adminUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  await withAdmin(adminUrl, (c) => c.query(`create database ${quoteIdent(name)}`));
  return {
    url: databaseUrl(adminUrl, name),
    drop: () => withAdmin(adminUrl, (c) => c.query(`drop database if exists ${quoteIdent(name)} with (force)`)).then(() => undefined),
  };
}
