// `quorum simulate`: a fleet of N simulated sensors (the SDK) sending signals at a set rate and answering commands and rollouts.
// Talks to the hub only over /ws/sensors like any sensor (after one HTTP check that it answers); never touches the database.

import type { AckEvent, CommandAck, SensorClient } from '../sdk/sensor-client.ts';
import { inShare, simulatedSensor } from '../sdk/simulated-sensor.ts';
import { createTraffic, SCENARIOS, type Scenario } from '../sdk/traffic.ts';

export interface SimulateOptions {
  url: string;
  /** A signal:write key, or a registration token (`sh_reg_…`) the sensors enrol with. */
  key: string;
  sensors: number;
  /** Signals per second per sensor (0: none, the fleet only answers commands). */
  rate: number;
  durationSeconds: number;
  scenario: Scenario;
  batchSize?: number;
  /** Share (0–1) of sensors that refuse every pushed config and rule bundle. */
  failShare?: number;
  /** Share (0–1) of sensors that report `unhealthy` in their heartbeats. */
  unhealthyShare?: number;
  heartbeatSeconds?: number;
  /** Sensor ids are `<prefix><n>`. Default `sim-`. */
  prefix?: string;
  /** Where the progress line and the summary go. */
  out?: NodeJS.WriteStream;
}

/** What the fleet did besides signals: approval, commands answered per type, documents applied. */
export interface FleetSummary {
  approved: number;
  pending: number;
  /** Ids of the sensors that refuse pushed configs and rules (`--fail-share`), and of those reporting unhealthy. */
  failing: string[];
  unhealthy: string[];
  commands: Record<string, { succeeded: number; failed: number }>;
  /** Sensors per applied version of each document kind. */
  applied: { config: Record<string, number>; rules: Record<string, number> };
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
  fleet: FleetSummary;
}

/** Sensors authenticating at once: sockets not yet authenticated have small caps on the hub (8 per address by default). */
const CONNECT_CONCURRENCY = 8;

/** The value at quantile q of ascending-sorted numbers (nearest rank). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** What the fleet has done so far: signals, acks and their latencies, requests its blocklists stopped, commands answered. */
interface FleetTally {
  totals: { sent: number; acked: number; stored: number; merged: number; requests: number; blocked: number };
  latencies: number[];
  commands: FleetSummary['commands'];
  /** Requests each sensor stopped with its blocklist (no signal is sent for them): counted towards its rate all the same. */
  blockedBy: Map<SensorClient, number>;
}

export async function simulate(o: SimulateOptions): Promise<SimulationSummary> {
  if (!SCENARIOS.includes(o.scenario)) throw new Error(`unknown scenario ${o.scenario}; one of ${SCENARIOS.join(', ')}`);
  const out = o.out ?? process.stderr;
  const tally: FleetTally = { totals: { sent: 0, acked: 0, stored: 0, merged: 0, requests: 0, blocked: 0 }, latencies: [], commands: {}, blockedBy: new Map() };
  const clients = connectFleet(o, toSensorUrl(o.url), tally);
  await connectAll(clients);
  // Each approved sensor enforces its tenant's blocklist from the first request on (a pending one gets none).
  await Promise.all(clients.filter((c) => c.approvalStatus === 'approved').map((c) => c.blocklistReady()));

  const started = Date.now();
  const progress = showProgress(out, clients, tally);
  await sendAtRate(o, clients, tally, started);
  await Promise.all(clients.map((c) => c.drain(30_000).catch(() => undefined)));
  clearInterval(progress);
  const summary = summarize(o, clients, tally, (Date.now() - started) / 1000);
  for (const c of clients) c.close();
  out.write('\n');
  return summary;
}

/** The fleet's sensors, each counting its acks and answered commands into `tally`. */
function connectFleet(o: SimulateOptions, url: string, tally: FleetTally): SensorClient[] {
  return Array.from({ length: o.sensors }, (_, i) => {
    const c = fleetSensor(o, url, i + 1);
    c.on('ack', (a: AckEvent) => {
      tally.totals.acked += a.count;
      tally.totals.stored += a.stored;
      tally.totals.merged += a.merged;
      tally.latencies.push(a.latencyMs);
    });
    c.on('command-acked', (a: CommandAck & { type: string; repeated: boolean }) => { if (!a.repeated) countCommandAck(tally.commands, a); });
    return c;
  });
}

/** A progress line each second: signals sent and acknowledged, the blocklist held, commands answered. */
function showProgress(out: NodeJS.WriteStream, clients: SensorClient[], { totals, commands }: FleetTally): NodeJS.Timeout {
  let lastAcked = 0;
  return setInterval(() => {
    const rate = totals.acked - lastAcked;
    lastAcked = totals.acked;
    const answered = Object.values(commands).reduce((n, t) => n + t.succeeded + t.failed, 0);
    out.write(`\rsent ${totals.sent}  acked ${totals.acked}  ${rate}/s acked  pending ${clients.reduce((n, c) => n + c.held(), 0)}  blocklist ${clients[0]?.blocklistState.size ?? 0} entries, ${totals.blocked} requests blocked  commands ${answered}   `);
  }, 1000);
}

/** Sends each sensor's signals at `o.rate` a second until the duration is over; a request its blocklist stops sends none. */
async function sendAtRate(o: SimulateOptions, clients: SensorClient[], { totals, blockedBy }: FleetTally, started: number): Promise<void> {
  const traffic = createTraffic(o.scenario);
  const endAt = started + o.durationSeconds * 1000;
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
}

function summarize(o: SimulateOptions, clients: SensorClient[], { totals, latencies, commands }: FleetTally, seconds: number): SimulationSummary {
  latencies.sort((a, b) => a - b);
  return {
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
    fleet: fleetSummary(clients, o, commands),
  };
}

/** The i-th (1-based) sensor of the fleet, failing or unhealthy when its place falls in those shares. */
function fleetSensor(o: SimulateOptions, url: string, i: number): SensorClient {
  return simulatedSensor({
    url, apiKey: o.key, sensorId: `${o.prefix ?? 'sim-'}${i}`, sensorName: `simulated sensor ${i}`, version: '1.0.0', region: 'sim',
    batchSize: o.batchSize ?? 100, heartbeatIntervalMs: (o.heartbeatSeconds ?? 30) * 1000,
    // A pending sensor learns of its approval within the run.
    pendingRecheckMs: 5000,
    failPushes: inShare(i, o.failShare ?? 0),
    // Counted from the other end of the fleet, so a small fleet's failing and unhealthy sensors are different ones.
    unhealthy: inShare(o.sensors - i + 1, o.unhealthyShare ?? 0),
  });
}

/** Connects every sensor, CONNECT_CONCURRENCY at a time; the first refusal fails the run, naming the sensor. */
async function connectAll(clients: SensorClient[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < clients.length) {
      const c = clients[next++]!;
      await c.connect().catch((err: Error) => {
        for (const other of clients) other.close();
        throw new Error(`${c.sensorId}: ${err.message}`);
      });
    }
  };
  await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, worker));
}

function countCommandAck(commands: FleetSummary['commands'], a: CommandAck & { type: string }): void {
  const t = (commands[a.type] ??= { succeeded: 0, failed: 0 });
  if (a.success) t.succeeded++;
  else t.failed++;
}

function fleetSummary(clients: SensorClient[], o: SimulateOptions, commands: FleetSummary['commands']): FleetSummary {
  const applied: FleetSummary['applied'] = { config: {}, rules: {} };
  for (const c of clients) {
    for (const kind of ['config', 'rules'] as const) {
      const v = c.applied[kind]?.version;
      if (v !== undefined) applied[kind][v] = (applied[kind][v] ?? 0) + 1;
    }
  }
  const ids = (pick: (i: number) => boolean) => clients.filter((_, k) => pick(k + 1)).map((c) => c.sensorId);
  return {
    approved: clients.filter((c) => c.approvalStatus === 'approved').length,
    pending: clients.filter((c) => c.approvalStatus === 'pending').length,
    failing: ids((i) => inShare(i, o.failShare ?? 0)),
    unhealthy: ids((i) => inShare(o.sensors - i + 1, o.unhealthyShare ?? 0)),
    commands, applied,
  };
}

const latest = (versions: (number | null)[]) => versions.reduce<number | null>((a, v) => (v === null ? a : Math.max(a ?? v, v)), null);
const sum = (clients: SensorClient[], f: (c: SensorClient) => number) => clients.reduce((n, c) => n + f(c), 0);

/** Accepts the hub's base URL (http://…) or the full sensor URL (ws://…/ws/sensors). */
function toSensorUrl(url: string): string {
  const u = new URL(url.replace(/^http/, 'ws'));
  if (!u.pathname.endsWith('/ws/sensors')) u.pathname = `${u.pathname.replace(/\/$/, '')}/ws/sensors`;
  return u.toString();
}
