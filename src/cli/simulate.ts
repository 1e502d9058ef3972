// `quorum simulate`: drives N simulated sensors through the SDK at a set rate, with a live progress line and a summary.
// Talks to the hub only over /ws/sensors like any sensor (after one HTTP check that it answers); never touches the database.

import { Option, type Command } from 'commander';
import { SensorClient, type AckEvent } from '../sdk/sensor-client.ts';
import { action, clientOf, DEFAULT_URL, EXIT, UsageError, type HubOptions } from './hub-client.ts';
import { createTraffic, SCENARIOS, type Scenario } from '../sdk/traffic.ts';

export interface SimulateOptions {
  url: string;
  key: string;
  sensors: number;
  /** Signals per second per sensor. */
  rate: number;
  durationSeconds: number;
  scenario: Scenario;
  batchSize?: number;
  /** Where the progress line and the summary go. */
  out?: NodeJS.WriteStream;
}

export interface SimulationSummary {
  sensors: number;
  scenario: Scenario;
  sent: number;
  acked: number;
  stored: number;
  merged: number;
  refused: number;
  rejected: number;
  unacked: number;
  backpressure: number;
  reconnects: number;
  seconds: number;
  ackedPerSecond: number;
  ackLatencyMs: { p50: number; p99: number };
  /** The tenant's blocklist as the simulated sensors held it at the end, and the requests it stopped at the edge. */
  blocklist: { entries: number; version: number | null; requests: number; blocked: number };
}

/** The value at quantile q of ascending-sorted numbers (nearest rank). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export async function simulate(o: SimulateOptions): Promise<SimulationSummary> {
  if (!SCENARIOS.includes(o.scenario)) throw new Error(`unknown scenario ${o.scenario}; one of ${SCENARIOS.join(', ')}`);
  const out = o.out ?? process.stderr;
  const url = toSensorUrl(o.url);
  const traffic = createTraffic(o.scenario);
  const latencies: number[] = [];
  const totals = { sent: 0, acked: 0, stored: 0, merged: 0, requests: 0, blocked: 0 };
  // Requests each sensor stopped with its blocklist (no signal is sent for them): counted towards its rate all the same.
  const blockedBy = new Map<SensorClient, number>();
  const clients = Array.from({ length: o.sensors }, (_, i) => {
    const c = new SensorClient({ url, apiKey: o.key, sensorId: `sim-${i + 1}`, sensorName: `simulated sensor ${i + 1}`, version: '1.0.0', region: 'sim', batchSize: o.batchSize ?? 100 });
    c.on('ack', (a: AckEvent) => {
      totals.acked += a.count;
      totals.stored += a.stored;
      totals.merged += a.merged;
      latencies.push(a.latencyMs);
    });
    return c;
  });
  await Promise.all(clients.map((c) => c.connect()));
  // Each sensor enforces its tenant's blocklist from the first request on.
  await Promise.all(clients.map((c) => c.blocklistReady()));

  const started = Date.now();
  const endAt = started + o.durationSeconds * 1000;
  let lastAcked = 0;
  const progress = setInterval(() => {
    const rate = totals.acked - lastAcked;
    lastAcked = totals.acked;
    out.write(`\rsent ${totals.sent}  acked ${totals.acked}  ${rate}/s acked  pending ${clients.reduce((n, c) => n + c.held(), 0)}  blocklist ${clients[0]?.blocklistState.size ?? 0} entries, ${totals.blocked} requests blocked   `);
  }, 1000);

  // Each tick tops every sensor up to the signals it should have sent by now, so the rate holds under timer jitter.
  const TICK = 20;
  while (Date.now() < endAt) {
    const due = Math.floor(((Date.now() - started) / 1000) * o.rate);
    clients.forEach((c) => {
      const already = c.stats.accepted + c.stats.refused + (blockedBy.get(c) ?? 0);
      for (let k = already; k < due; k++) {
        const signal = traffic.next();
        totals.requests++;
        // A WAF enforces its blocklist first: a request from a blocked address ends at the edge.
        if (typeof signal.sourceIp === 'string' && c.isBlocked(signal.sourceIp)) {
          totals.blocked++;
          blockedBy.set(c, (blockedBy.get(c) ?? 0) + 1);
        } else if (c.send(signal)) totals.sent++;
      }
    });
    await new Promise((r) => setTimeout(r, TICK));
  }
  await Promise.all(clients.map((c) => c.drain(30_000).catch(() => undefined)));
  clearInterval(progress);
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const summary: SimulationSummary = {
    sensors: o.sensors, scenario: o.scenario, sent: totals.sent, acked: totals.acked, stored: totals.stored, merged: totals.merged,
    refused: sum(clients, (c) => c.stats.refused), rejected: sum(clients, (c) => c.stats.rejected), unacked: sum(clients, (c) => c.held()),
    backpressure: sum(clients, (c) => c.stats.backpressure), reconnects: sum(clients, (c) => c.stats.reconnects),
    seconds: Math.round(seconds * 10) / 10, ackedPerSecond: Math.round(totals.acked / seconds),
    ackLatencyMs: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) },
    blocklist: {
      entries: Math.max(0, ...clients.map((c) => c.blocklistState.size)),
      version: latest(clients.map((c) => c.blocklistState.version)),
      requests: totals.requests, blocked: totals.blocked,
    },
  };
  for (const c of clients) c.close();
  out.write('\n');
  return summary;
}

const latest = (versions: (number | null)[]) => versions.reduce<number | null>((a, v) => (v === null ? a : Math.max(a ?? v, v)), null);
const sum = (clients: SensorClient[], f: (c: SensorClient) => number) => clients.reduce((n, c) => n + f(c), 0);

/** Accepts the hub's base URL (http://…) or the full sensor URL (ws://…/ws/sensors). */
function toSensorUrl(url: string): string {
  const u = new URL(url.replace(/^http/, 'ws'));
  if (!u.pathname.endsWith('/ws/sensors')) u.pathname = `${u.pathname.replace(/\/$/, '')}/ws/sensors`;
  return u.toString();
}

/** `quorum simulate`: checks the hub and the key over HTTP first (within --timeout), then runs the simulation. */
export function registerSimulateCommand(root: Command): void {
  root.command('simulate').description('drive simulated sensors against a hub over /ws/sensors')
    .option('--url <url>', 'the hub', DEFAULT_URL)
    .option('--key-file <file>', 'a file holding an API key with signal:write (default: $QUORUM_API_KEY, else <data-dir>/admin.key)')
    .option('--data-dir <dir>', 'the hub data dir holding admin.key (default ./.quorum)')
    .addOption(new Option('--key <key>', 'the API key itself (visible to ps: prefer --key-file or QUORUM_API_KEY)').hideHelp())
    .option('--sensors <n>', 'simulated sensors', '5')
    .option('--rate <r>', 'signals per second per sensor', '100')
    .option('--duration <s>', 'seconds to run', '10')
    .addOption(new Option('--scenario <name>', 'traffic shape').choices([...SCENARIOS]).default('mixed'))
    .option('--batch-size <n>', 'signals per signal-batch (1–1000)', '100')
    .option('--timeout <ms>', 'longest wait for the hub to answer before the run', '3000')
    .addHelpText('after', '\nExit 1 when signals stay unacknowledged at the end.')
    .action(action(async (opts: HubOptions & { key?: string; sensors: string; rate: string; duration: string; scenario: string; batchSize: string }) => {
      const numbers = { sensors: positive(opts.sensors, '--sensors'), rate: positive(opts.rate, '--rate'), durationSeconds: positive(opts.duration, '--duration'), batchSize: positive(opts.batchSize, '--batch-size') };
      if (opts.key !== undefined) process.env.QUORUM_API_KEY = opts.key;
      // Before any sensor connects: an unreachable hub or a refused key fails within --timeout, saying why.
      const client = await clientOf(opts.key !== undefined ? { ...opts, keyFile: undefined } : opts);
      await client.json({ method: 'GET', path: '/v1/session' });
      const key = client.key!.key;
      const summary = await simulate({ url: opts.url, key, ...numbers, scenario: opts.scenario as Scenario });
      console.log(JSON.stringify(summary, null, 2));
      if (summary.unacked > 0) process.exitCode = EXIT.error;
    }));
}

function positive(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, got ${v}`);
  return n;
}
