// The start banner: where the dashboard, the API docs, the data and the database are, and what the hub enforces.
// Never shows a password: an external database URL is printed without its credentials' secret.

import { withoutPassword } from '../db/printable-url.ts';
import path from 'node:path';
import type { Config } from '../config/config.ts';

export interface HubFacts {
  url: string;
  dashboard: string;
  apiDocs: string;
  metrics: string;
  dataDir: string;
  /** `embedded PostgreSQL on 127.0.0.1:7732` or the external URL without its password. */
  database: string;
  /** Tenants whose effective policy has correlation enabled, of all tenants. */
  correlation: { enabledTenants: number; tenants: number };
  /** Whether this hub follows the committed signals feed (correlation, the auto-blocklist, the current-signal pointers). */
  feeds: string;
  /** Each enforcement target and how it is reached. */
  enforcement: Record<'sensors' | 'bouncers' | 'bgp', string>;
  auditFile: string | null;
}

interface FactsInput {
  url: string;
  config: Pick<Config, 'dataDir' | 'databaseUrl' | 'embeddedPgPort' | 'feedConsume' | 'gobgpAddr' | 'gobgpMode' | 'auditLogPath'>;
  /** Every tenant's correlation switch, as its effective policy says. */
  correlationEnabled: boolean[];
}

/** The URL an operator on this machine opens (a wildcard listen address is reached on loopback). */
export function reachableUrl(url: string): string {
  return url.replace('://0.0.0.0:', '://127.0.0.1:').replace('://[::]:', '://127.0.0.1:');
}


export function hubFacts(i: FactsInput): HubFacts {
  const base = reachableUrl(i.url);
  const c = i.config;
  return {
    url: i.url,
    dashboard: `${base}/`,
    apiDocs: `${base}/docs`,
    metrics: `${base}/metrics`,
    dataDir: path.resolve(c.dataDir),
    database: c.databaseUrl ? withoutPassword(c.databaseUrl) : `embedded PostgreSQL on 127.0.0.1:${c.embeddedPgPort} (${path.resolve(c.dataDir, 'pg')})`,
    correlation: { enabledTenants: i.correlationEnabled.filter(Boolean).length, tenants: i.correlationEnabled.length },
    feeds: c.feedConsume ? 'followed here, each tenant by one hub at a time (quorum feed consumers)'
      : 'not followed here (QUORUM_FEED_CONSUME=false): another hub on this database must follow them (quorum feed consumers)',
    enforcement: {
      sensors: 'blocklists pushed over /ws/sensors',
      bouncers: `CrowdSec bouncers pull ${base}/v1/decisions/stream`,
      bgp: c.gobgpAddr && c.gobgpMode !== 'off' ? `GoBGP at ${c.gobgpAddr} (${c.gobgpMode})` : 'off (QUORUM_GOBGP_ADDR unset)',
    },
    auditFile: c.auditLogPath ? path.resolve(c.auditLogPath) : null,
  };
}

/** The banner as a terminal shows it: one aligned line per fact. */
export function bannerText(f: HubFacts): string {
  const rows: [string, string][] = [
    ['Dashboard', f.dashboard],
    ['API docs', f.apiDocs],
    ['Metrics', f.metrics],
    ['Data dir', f.dataDir],
    ['Database', f.database],
    ['Correlation', `on for ${f.correlation.enabledTenants} of ${f.correlation.tenants} tenant(s)`],
    ['Feeds', f.feeds],
    ['Enforcement', `sensors: ${f.enforcement.sensors}`],
    ['', `bouncers: ${f.enforcement.bouncers}`],
    ['', `bgp: ${f.enforcement.bgp}`],
    ['Audit file', f.auditFile ?? 'off (QUORUM_AUDIT_LOG unset)'],
  ];
  return `\nQuorum hub running\n${rows.map(([k, v]) => `  ${k.padEnd(12)} ${v}`).join('\n')}\n\n`;
}
