import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * `npm run dev` as a new developer runs it on a fresh machine: a home folder Next.js has never
 * seen (so its first-run notices would show), no CI variables, no NEXT_TELEMETRY_DISABLED.
 */
const root = path.resolve(import.meta.dirname, "../..");
const home = fs.mkdtempSync(path.join(os.tmpdir(), "pio-dev-home-"));
let port = 0;
let child: ChildProcess;
let output = "";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
    srv.on("error", reject);
  });
}

/** The machine's own non-loopback addresses, as `next dev` prints one of them ("Network:"). */
function ownAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => !!a && !a.internal && !a.address.startsWith("fe80"))
    .map((a) => (a.family === "IPv6" ? `[${a.address}]` : a.address));
}

beforeAll(async () => {
  port = await freePort();
  // vitest sets NODE_ENV=test; a developer's shell has none (next dev then uses development).
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, ".config"), PORT: String(port), PGLITE_DATA_DIR: "memory://" };
  for (const name of Object.keys(env)) if (name === "CI" || name === "NODE_ENV" || name.startsWith("NEXT_TELEMETRY") || name.startsWith("VITEST")) delete env[name];
  child = spawn("npm", ["run", "dev"], { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const deadline = Date.now() + 150_000;
  while (!/Ready in/.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`next dev did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 180_000);

afterAll(async () => {
  try {
    process.kill(-child.pid!, "SIGTERM");
    await new Promise((r) => setTimeout(r, 1000));
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    /* gone */
  }
  fs.rmSync(home, { recursive: true, force: true });
});

/** A dev-only asset request as the browser sends it from a page opened at `origin`. */
async function devAsset(origin: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/_next/static/chunks/pio-dev-origin-check.js`, {
    headers: { origin, "sec-fetch-mode": "cors", "sec-fetch-site": "same-origin" },
  });
  await res.text();
  return res.status;
}

describe("npm run dev", () => {
  it("serves its dev assets to the portal opened at 127.0.0.1 and at the machine's own addresses", async () => {
    expect(await devAsset(`http://localhost:${port}`)).not.toBe(403);
    expect(await devAsset(`http://127.0.0.1:${port}`)).not.toBe(403);
    expect(await devAsset(`http://[::1]:${port}`)).not.toBe(403);
    for (const address of ownAddresses()) expect(await devAsset(`http://${address}:${port}`), address).not.toBe(403);
  }, 180_000);

  it("still refuses them to other sites", async () => {
    expect(await devAsset("http://evil.example")).toBe(403);
  }, 180_000);

  it("prints no telemetry notice on a first run, and leaves the project's files alone", () => {
    expect(output).toMatch(/Ready in/);
    expect(output).not.toMatch(/Attention|anonymous telemetry|nextjs\.org\/telemetry/i);
    expect(output).not.toMatch(/reconfigured your tsconfig/);
  });
});
