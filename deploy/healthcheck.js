#!/usr/bin/env node
// The container's HEALTHCHECK: exit 0 when the hub's /readyz answers 200 (its database answers), else 1.
// Plain Node, no dependencies and no tsx, so a check costs one short process; never waits more than 4 s.
const port = process.env.QUORUM_PORT || '7700';
const url = `http://127.0.0.1:${port}/readyz`;
fetch(url, { signal: AbortSignal.timeout(4000) }).then(
  (res) => {
    if (!res.ok) process.stderr.write(`healthcheck: ${url} answered ${res.status}\n`);
    process.exit(res.ok ? 0 : 1);
  },
  (err) => {
    process.stderr.write(`healthcheck: ${url}: ${err.cause?.message ?? err.message}\n`);
    process.exit(1);
  },
);
