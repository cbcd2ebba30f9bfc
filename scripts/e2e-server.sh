#!/usr/bin/env bash
# Starts the production build for Playwright on a fresh embedded database. The sandbox key is
# made by the CLI before the server starts (the CLI cannot open a folder a server holds).
set -euo pipefail
port="${1:-3100}"
dir=".data/e2e"
rm -rf "$dir"
mkdir -p "$dir"
# DEV_OUTBOX: mail (verification links) is kept at /dev/outbox, as in development, for the specs to open.
export PGLITE_DATA_DIR="$dir/pglite" NEXT_TELEMETRY_DISABLED=1 RATE_LIMIT_RPS="${RATE_LIMIT_RPS:-0}" DEV_OUTBOX=1
# Webhooks: the specs' local receivers are on 127.0.0.1 (a test-only allowance), retries are quick.
export WEBHOOK_TEST_ALLOW_HOSTS=127.0.0.1 WEBHOOK_RETRY_SCHEDULE="${WEBHOOK_RETRY_SCHEDULE:-300,300}"
node --import tsx scripts/key-create.ts --name e2e --workspace "E2E Workspace" --env sandbox | tail -n1 > "$dir/sandbox-key"
exec node scripts/start.mjs -p "$port" -H 127.0.0.1
