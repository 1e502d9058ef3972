// A scripted sensor for WebSocket tests: connects to a hub's /ws/sensors, sends frames and awaits typed replies.
// Never hides a protocol reply: every message received is queued and must be taken by the test that expects it.

import WebSocket from 'ws';

export interface Received {
  type: string;
  [k: string]: any;
}

export class TestSensor {
  readonly ws: WebSocket;
  private readonly queue: Received[] = [];
  private waiters: { type: string | undefined; resolve(m: Received): void }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;

  constructor(url: string, headers: Record<string, string> = {}, options: WebSocket.ClientOptions = {}) {
    this.ws = new WebSocket(url, { ...options, headers });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
      this.ws.once('error', reject);
    });
    this.opened.catch(() => undefined);
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as Received;
      const i = this.waiters.findIndex((w) => w.type === undefined || w.type === m.type);
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(m);
      else this.queue.push(m);
    });
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  /** The next message (of a type, when given), skipping none of the others: they stay queued. */
  next(type?: string, timeoutMs = 10_000): Promise<Received> {
    const i = this.queue.findIndex((m) => type === undefined || m.type === type);
    if (i >= 0) return Promise.resolve(this.queue.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = { type, resolve: (m: Received) => { clearTimeout(timer); resolve(m); } };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${type ?? 'message'} within ${timeoutMs} ms; queued: ${JSON.stringify(this.queue.map((m) => m.type))}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Messages received and not taken yet. */
  pending(): Received[] {
    return [...this.queue];
  }

  close(): void {
    this.ws.terminate();
  }
}

export function sensorUrl(hubUrl: string, query = ''): string {
  return `${hubUrl.replace(/^http/, 'ws')}/ws/sensors${query}`;
}

export function authMessage(apiKey: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'auth', payload: { apiKey, sensorId: 'sensor-1', sensorName: 'edge one', version: '1.4.2', protocolVersion: '1.0', ...over } };
}

/** Connects and authenticates; resolves once auth-success arrived. */
export async function authedSensor(hubUrl: string, apiKey: string, over: Record<string, unknown> = {}): Promise<TestSensor> {
  const s = new TestSensor(sensorUrl(hubUrl));
  await s.opened;
  s.send(authMessage(apiKey, over));
  const reply = await s.next();
  if (reply.type !== 'auth-success') throw new Error(`auth refused: ${JSON.stringify(reply)}`);
  return s;
}

let ipCounter = 0;
/** A valid ThreatSignal with a fresh source IP unless one is given. */
export function aThreat(over: Record<string, unknown> = {}): Record<string, unknown> {
  ipCounter++;
  return {
    signalType: 'IP_THREAT', sourceIp: `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`,
    severity: 'HIGH', confidence: 0.8, eventCount: 1, metadata: { rule_ids: ['rule_1'] }, ...over,
  };
}
