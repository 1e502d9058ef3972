// SensorClient: the TypeScript sensor SDK for /ws/sensors (Synapse protocol 1.0 plus Quorum's message ids and durable acks).
// Never forgets a signal it accepted (kept until acknowledged, resent with the same id) nor a command's answer (resent after a reconnect).

import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import type { ErrorCode } from '../core/errors.ts';
import { LocalBlocklist, type BlocklistEntry } from './local-blocklist.ts';
import { CommandRunner, type AppliedDocument, type CommandAck, type CommandHandler, type DocumentHandler, type PushedDocument } from './sensor-commands.ts';

export type { BlocklistEntry } from './local-blocklist.ts';
export type { AppliedDocument, CommandAck, CommandContext, CommandHandler, CommandPayload, DocumentHandler, PushedDocument } from './sensor-commands.ts';

export interface SensorClientOptions {
  /** `ws://host:port/ws/sensors` */
  url: string;
  /** A `signal:write` key; one beginning `sh_reg_` is taken as a registration token. */
  apiKey?: string;
  /** A registration token (`sh_reg_…`): enrols an unknown sensor (pending, or approved when the token says so). */
  registrationToken?: string;
  sensorId: string;
  sensorName?: string;
  version?: string;
  region?: string;
  fingerprint?: string;
  /** Signals per signal-batch (at most 1000). Default 100. */
  batchSize?: number;
  /** A partial batch is sent after this long. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Signals held locally (buffered + unacknowledged) at most; beyond it send() refuses. Default 10,000. */
  maxBuffer?: number;
  /** Messages sent and awaiting their ack at most. Default: enough for about 2,000 signals (IN_FLIGHT_SIGNALS). */
  maxInFlight?: number;
  heartbeatIntervalMs?: number;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** Health figures for heartbeats; defaults to a healthy, idle sensor. The hashes of applied documents win over its configHash/rulesHash. */
  health?: () => Record<string, unknown>;
  /** While pending approval, re-authenticates this often to learn of an approval (0: never). Default 60,000 ms. */
  pendingRecheckMs?: number;
  /** Command answers remembered, to answer a re-sent command id without running it again. Default 1,000. */
  commandMemory?: number;
}

/** `approved` (full capabilities) or `pending` (signals only, until an administrator approves the sensor). */
export type ApprovalStatus = 'approved' | 'pending';

const REGISTRATION_TOKEN_PREFIX = 'sh_reg_';

/**
 * About how many signals a sensor keeps unacknowledged by default (maxInFlight is this over batchSize, at least one
 * message: 20 messages of 100, 2 of 1,000). The hub acknowledges a message once its flush has committed; more than this
 * only waits in the hub's queue. Eight sensors at full speed with 8,000 each (8 messages of 1,000) were acknowledged
 * after 1.1 s and cost the hub 5 % more CPU than with 2,000 each, acknowledged after 0.27 s, at the same rows/s.
 */
const IN_FLIGHT_SIGNALS = 2_000;

/** A Synapse ThreatSignal (or a native Quorum signal with `signal_key`). */
export type SensorSignal = Record<string, unknown>;

export interface AckEvent {
  id: string;
  count: number;
  stored: number;
  merged: number;
  duplicates: number;
  replayed: boolean;
  /** From the first send of the message to its ack. */
  latencyMs: number;
}

interface Outgoing {
  id: string;
  signals: SensorSignal[];
  firstSentAt: number | null;
  sent: boolean;
  retryTimer: NodeJS.Timeout | null;
  /** Refusals of this message so far: the backoff of a resend without the hub's retryAfterMs grows with it. */
  refusals: number;
}

/**
 * Refusals that a later resend of the same message can overcome; every other refusal (INVALID_MESSAGE, INVALID_SIGNAL,
 * BATCH_TOO_LARGE, MESSAGE_ID_REUSED, STORE_REFUSED, …) is final for that message. INTERNAL is a fault of the hub,
 * never of the input, so it is resent, with a backoff that grows per message.
 */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set(
  (['backpressure', 'rate_limited', 'shutting_down', 'database_unavailable', 'internal', 'unauthenticated'] satisfies ErrorCode[]).map((c) => c.toUpperCase()),
);

/** Close codes after which reconnecting cannot help: the hub refused this sensor's identity or key. */
const FATAL_CLOSES = new Set([4003]);
const FATAL_STATUSES = new Set([401, 403]);

export class SensorClient extends EventEmitter {
  private readonly o: Required<Omit<SensorClientOptions, 'sensorName' | 'region' | 'fingerprint' | 'apiKey' | 'registrationToken'>> & SensorClientOptions;
  private ws: WebSocket | null = null;
  private authed = false;
  private stopped = false;
  private buffer: SensorSignal[] = [];
  private readonly unacked = new Map<string, Outgoing>();
  /** Signals in `unacked`, kept as messages come and go: send() asks for held() at every signal. */
  private unackedSignals = 0;
  private flushTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  /** The tenant's blocklist as this sensor holds it (snapshot + pushes, version and hash reported in heartbeats). */
  private readonly local = new LocalBlocklist();
  /** A blocklist-sync is awaiting its answer: a gap seen meanwhile asks for nothing more. */
  private syncing = false;
  private approval: { status: ApprovalStatus; capabilities: string[] } | null = null;
  private recheckTimer: NodeJS.Timeout | null = null;
  private readonly commands: CommandRunner;
  /** Command answers that found no authenticated socket: sent after the next auth-success. */
  private readonly unsentAcks = new Map<string, CommandAck>();
  /** Command answers sent, by the frame's message id: one the hub refuses with a retryable code is sent again. */
  private readonly sentAcks = new Map<string, { ack: CommandAck; tries: number }>();
  /** Counters since the client was created. */
  readonly stats = { accepted: 0, refused: 0, acked: 0, rejected: 0, reconnects: 0, backpressure: 0 };

  constructor(opts: SensorClientOptions) {
    super();
    this.o = {
      version: '1.0.0', batchSize: 100, flushIntervalMs: 1000, maxBuffer: 10_000, heartbeatIntervalMs: 30_000,
      reconnectBaseMs: 500, reconnectMaxMs: 30_000, health: defaultHealth, pendingRecheckMs: 60_000, commandMemory: 1000, ...opts,
      maxInFlight: opts.maxInFlight ?? Math.max(1, Math.round(IN_FLIGHT_SIGNALS / (opts.batchSize ?? 100))),
    };
    if (this.o.batchSize < 1 || this.o.batchSize > 1000) throw new RangeError('batchSize must be 1–1000 (the protocol limit)');
    if (!opts.apiKey && !opts.registrationToken) throw new TypeError('apiKey or registrationToken is required');
    this.commands = new CommandRunner({
      memory: this.o.commandMemory,
      ack: (ack, type, repeated) => this.sendAck(ack, type, repeated),
      applied: (doc) => this.onApplied(doc),
    });
  }

  /**
   * Handles fleet commands of a type (`restart`, `collect_diagnostics`, …): the handler's return value is acked as
   * `success: true, result`, a throw as `success: false, message`. Types without a handler are acked as failed.
   */
  onCommand(type: string, handler: CommandHandler): this {
    this.commands.on(type, handler);
    return this;
  }

  /** Applies config documents (`push_config` commands, `config_push` messages); a throw refuses one. */
  onConfig(handler: DocumentHandler): this {
    this.commands.onDocument('config', handler);
    return this;
  }

  /** Applies rule bundles (`push_rules` commands); a throw refuses one. */
  onRules(handler: DocumentHandler): this {
    this.commands.onDocument('rules', handler);
    return this;
  }

  /**
   * Answers a command the application took from a `command` event itself (a type without a handler, while something
   * listens to `command`); remembered and resent like a handler's answer. `message` is cut to 4,096 characters.
   */
  ackCommand(commandId: string, success: boolean, message?: string, result?: Record<string, unknown>): void {
    this.commands.answer({ commandId, success, ...(message === undefined ? {} : { message: message.slice(0, 4096) }), ...(result === undefined ? {} : { result }) });
  }

  /** The id this sensor authenticates with. */
  get sensorId(): string {
    return this.o.sensorId;
  }

  /** `approved` or `pending` as the last auth-success said; null before the first. */
  get approvalStatus(): ApprovalStatus | null {
    return this.approval?.status ?? null;
  }

  /** The capabilities the last auth-success granted (`signal`, `blocklist-sync`, `command`); empty before the first. */
  get capabilities(): string[] {
    return [...(this.approval?.capabilities ?? [])];
  }

  /** The config and rule documents applied last (version and hash, as heartbeats report them). */
  get applied(): { config: AppliedDocument | null; rules: AppliedDocument | null } {
    return { ...this.commands.appliedDocuments };
  }

  /** Closes the socket and authenticates again within `reconnectBaseMs` (a pending sensor learns of its approval this way). */
  reconnect(): void {
    this.ws?.close(1000, 'sensor re-authenticating');
  }

  /** Connects (and keeps reconnecting); resolves at the first auth-success, rejects if the hub refuses the sensor. */
  connect(): Promise<void> {
    const ready = new Promise<void>((resolve, reject) => {
      const ok = () => { this.off('fatal', ko); resolve(); };
      const ko = (e: Error) => { this.off('connected', ok); reject(e); };
      this.once('connected', ok);
      this.once('fatal', ko);
    });
    this.open();
    return ready;
  }

  /** Buffers a signal; false (and a `refused` event) when the local buffer is full. Never blocks. */
  send(signal: SensorSignal): boolean {
    if (this.held() >= this.o.maxBuffer) {
      this.stats.refused++;
      this.emit('refused', { count: 1, reason: 'local buffer full' });
      return false;
    }
    this.stats.accepted++;
    this.buffer.push(signal);
    if (this.buffer.length >= this.o.batchSize) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), this.o.flushIntervalMs);
    return true;
  }

  /** Turns the buffer into signal-batch messages now. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    while (this.buffer.length > 0) {
      const signals = this.buffer.splice(0, this.o.batchSize);
      const id = randomUUID();
      this.unacked.set(id, { id, signals, firstSentAt: null, sent: false, retryTimer: null, refusals: 0 });
      this.unackedSignals += signals.length;
    }
    this.pump();
  }

  /** The blocklist held now (kept in step with the hub: snapshot, pushes, re-sync after a reconnect or a gap). */
  get blocklist(): BlocklistEntry[] {
    return this.local.list();
  }

  /** The block-feed version and hash of the blocklist held (what the heartbeat reports); version null before the first snapshot. */
  get blocklistState(): { version: number | null; hash: string; size: number } {
    return { version: this.local.version, hash: this.local.hash(), size: this.local.size };
  }

  /** Resolves once a blocklist is held (after the first snapshot); rejects after `timeoutMs`. */
  blocklistReady(timeoutMs = 30_000): Promise<void> {
    if (this.local.version !== null) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.off('blocklist', ready); reject(new Error(`no blocklist within ${timeoutMs} ms`)); }, timeoutMs);
      const ready = () => {
        if (this.local.version === null) return;
        clearTimeout(timer);
        this.off('blocklist', ready);
        resolve();
      };
      this.on('blocklist', ready);
    });
  }

  /**
   * True when the blocklist blocks this request: `isBlocked(ip)` matches an IP entry or an IP_RANGE containing it
   * (IPv4 and IPv6); `isBlocked(blockType, value)` an exact FINGERPRINT, ASN or USER_AGENT entry. Expired entries never match.
   */
  isBlocked(ipOrType: string, value?: string): boolean {
    if (value === undefined) return this.local.isIpBlocked(ipOrType);
    return ipOrType === 'IP' ? this.local.isIpBlocked(value) : this.local.isValueBlocked(ipOrType, value);
  }

  /**
   * Asks the hub for the blocklist from the version held (a delta) or whole (a snapshot); a `blocklist` event follows.
   * Does nothing while the session lacks the `blocklist-sync` capability (a sensor pending approval).
   */
  requestBlocklist(): void {
    if (!this.approval?.capabilities.includes('blocklist-sync')) return;
    this.syncing = true;
    const v = this.local.version;
    this.write(v === null ? { type: 'blocklist-sync' } : { type: 'blocklist-sync', payload: { version: v, hash: this.local.hash() } });
  }

  /** Signals buffered or sent and not yet acknowledged. */
  held(): number {
    return this.buffer.length + this.unackedSignals;
  }

  /**
   * Resolves when everything accepted so far is acknowledged (or rejected for good), at the ack that settles the last
   * message (the `drained` event); rejects after `timeoutMs`.
   */
  async drain(timeoutMs = 30_000): Promise<void> {
    this.flush();
    if (this.held() === 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('drained', done);
        reject(new Error(`${this.held()} signals still unacknowledged after ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => { clearTimeout(timer); resolve(); };
      this.once('drained', done);
    });
  }

  /**
   * Forgets a message answered for good, then tells of it (`ack` or `rejected`, which see it no longer held), then
   * emits `drained` when nothing is held any more.
   */
  private settle(msg: Outgoing, tell: () => void): void {
    this.unacked.delete(msg.id);
    this.unackedSignals -= msg.signals.length;
    tell();
    if (this.held() === 0) this.emit('drained');
  }

  /** Stops reconnecting and closes; unacknowledged signals stay in `held()` (a new client would have to resend them). */
  close(): void {
    this.stopped = true;
    for (const t of [this.flushTimer, this.heartbeatTimer, this.reconnectTimer, this.recheckTimer]) if (t) clearTimeout(t);
    for (const m of this.unacked.values()) if (m.retryTimer) clearTimeout(m.retryTimer);
    this.ws?.close(1000, 'sensor closing');
    this.ws = null;
  }

  private open(): void {
    if (this.stopped) return;
    const key = this.o.apiKey?.startsWith(REGISTRATION_TOKEN_PREFIX) ? undefined : this.o.apiKey;
    const registrationToken = this.o.registrationToken ?? (key === undefined ? this.o.apiKey : undefined);
    // A key rides on the upgrade too: a sensor with a valid key never competes with keyless sockets for a place.
    // A registration token does not (the upgrade checks keys only, and would refuse it with 401).
    const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
    const ws = new WebSocket(this.o.url, { perMessageDeflate: false, headers });
    this.ws = ws;
    ws.on('open', () => ws.send(JSON.stringify({
      type: 'auth',
      payload: {
        apiKey: key, registrationToken, sensorId: this.o.sensorId, sensorName: this.o.sensorName, version: this.o.version,
        protocolVersion: '1.0', fingerprint: this.o.fingerprint, region: this.o.region,
      },
    })));
    ws.on('message', (data) => {
      let msg: Record<string, any>;
      try {
        msg = JSON.parse(data.toString()) as Record<string, any>;
      } catch {
        // A frame we cannot read must not take the sensor down; the hub only ever sends JSON objects.
        return void this.emit('server-error', { type: 'error', code: 'INVALID_JSON', error: 'the hub sent a frame that is not JSON' });
      }
      if (typeof msg === 'object' && msg !== null) this.onMessage(msg);
    });
    ws.on('close', (code, reason) => this.onClose(ws, code, reason.toString()));
    ws.on('error', () => undefined);
    // 401/403 before the upgrade: the key itself is refused, as final as close 4003; other statuses are worth a retry.
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      ws.terminate();
      this.onClose(ws, FATAL_STATUSES.has(res.statusCode ?? 0) ? 4003 : 1006, `HTTP ${res.statusCode}`);
    });
  }

  private onMessage(m: Record<string, any>): void {
    switch (m.type) {
      case 'auth-success':
        return this.onAuthSuccess(m);
      case 'batch-ack':
      case 'signal-ack':
        return this.onAck(m);
      case 'ping':
        return this.write({ type: 'pong' });
      case 'blocklist-snapshot':
        this.syncing = false;
        this.local.replace(Array.isArray(m.entries) ? m.entries as BlocklistEntry[] : [], typeof m.version === 'number' ? m.version : null);
        return void this.emit('blocklist', this.local.list());
      case 'blocklist-push':
        return this.onBlocklistPush(m);
      case 'error':
        return this.onServerError(m);
      case 'auth-failed':
        return void this.emit('auth-failed', m.error);
      case 'config_push':
        return void this.onConfigPush(m);
      default:
        if (typeof m.commandId === 'string' && m.commandId !== '') this.onCommandMessage(m);
    }
  }

  private onAuthSuccess(m: Record<string, any>): void {
    this.authed = true;
    this.attempt = 0;
    this.setApproval(m);
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.o.heartbeatIntervalMs);
    // The hub learns this sensor's health and applied hashes now, not one interval later. Not the blocklist it holds:
    // the blocklist-sync that follows names it, and both together would each be answered with the same delta.
    this.heartbeat(false);
    // Everything unacknowledged goes again, with the same ids: the hub acknowledges committed ones from its receipts.
    for (const msg of this.unacked.values()) msg.sent = false;
    // Command answers that found the socket closed: the hub matches them by command id whenever they come.
    for (const ack of this.unsentAcks.values()) this.writeAck(ack, 0);
    this.unsentAcks.clear();
    // Pushes may have been missed while away: catch up from the version held (or load the list the first time).
    this.requestBlocklist();
    this.emit('connected', m);
    this.pump();
  }

  /** Takes the approval and capabilities of an auth-success (a hub that sends none grants everything), emits `approval` when they change. */
  private setApproval(m: Record<string, any>): void {
    const status: ApprovalStatus = String(m.approvalStatus ?? 'approved').toLowerCase() === 'pending' ? 'pending' : 'approved';
    const capabilities = Array.isArray(m.capabilities) ? m.capabilities.filter((c: unknown): c is string => typeof c === 'string') : ['signal', 'blocklist-sync', 'command'];
    const before = this.approval;
    this.approval = { status, capabilities };
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
    this.recheckTimer = null;
    // Protocol 1.0 never widens a live session: only a new auth tells a pending sensor it was approved.
    if (status === 'pending' && this.o.pendingRecheckMs > 0) this.recheckTimer = setTimeout(() => this.reconnect(), this.o.pendingRecheckMs);
    if (before?.status !== status || before.capabilities.join() !== capabilities.join()) this.emit('approval', { status, capabilities });
  }

  private onCommandMessage(m: Record<string, any>): void {
    const payload = typeof m.payload === 'object' && m.payload !== null && !Array.isArray(m.payload) ? m.payload as Record<string, unknown> : {};
    // A re-sent command is answered from memory (or when its run ends): the application hears of it once.
    // Counted before the event: a once() listener is gone by the time it runs, yet its application answers.
    const manual = this.listenerCount('command') > 0;
    if (this.commands.isNew(m.commandId)) this.emit('command', { type: String(m.type), commandId: m.commandId as string, payload });
    void this.commands.handle(String(m.type), m.commandId as string, payload, manual);
  }

  private async onConfigPush(m: Record<string, any>): Promise<void> {
    const outcome = await this.commands.configPush(m.payload);
    if (!outcome.applied) this.emit('config-refused', { version: m.payload?.version ?? null, error: outcome.error });
  }

  private sendAck(ack: CommandAck, type: string, repeated: boolean): void {
    this.writeAck(ack, 0);
    this.emit('command-acked', { ...ack, type, repeated });
  }

  /** Sends an answer with a message id of its own (the hub names it in a refusal), or keeps it for the next auth. */
  private writeAck(ack: CommandAck, tries: number): void {
    if (!this.authed || this.ws?.readyState !== WebSocket.OPEN) return void this.unsentAcks.set(ack.commandId, ack);
    const id = randomUUID();
    this.sentAcks.set(id, { ack, tries });
    for (const old of this.sentAcks.keys()) {
      if (this.sentAcks.size <= this.o.commandMemory) break;
      this.sentAcks.delete(old);
    }
    this.write({ type: 'command-ack', id, payload: ack });
  }

  /** A refused answer: sent again after the hub's hint (or a backoff) when the refusal is retryable, else only reported. */
  private onAckRefused(id: string, m: Record<string, any>): void {
    const sent = this.sentAcks.get(id)!;
    this.sentAcks.delete(id);
    // NOT_FOUND (the command was already closed, e.g. timed out) and other final refusals: the hub decided; nothing to redo.
    if (!RETRYABLE_CODES.has(m.code)) return;
    const delay = typeof m.retryAfterMs === 'number' ? m.retryAfterMs : Math.min(this.o.reconnectMaxMs, 1000 * 2 ** Math.min(sent.tries, 16));
    setTimeout(() => { if (!this.stopped) this.writeAck(sent.ack, sent.tries + 1); }, jitter(delay)).unref();
  }

  private onApplied(doc: PushedDocument): void {
    this.emit('applied', { kind: doc.kind, version: doc.version, hash: doc.hash, via: doc.via });
    // The hub's sync state sees the new hash now rather than at the next interval.
    this.heartbeat();
  }

  private onBlocklistPush(m: Record<string, any>): void {
    if (!Array.isArray(m.updates) || typeof m.version !== 'number' || typeof m.fromVersion !== 'number') return;
    const outcome = this.local.push(m.updates, m.fromVersion, m.version);
    if (outcome === 'gap') {
      // The hub sent versions this sensor never got (it answers a sync from where the sensor stands).
      if (!this.syncing) this.requestBlocklist();
      return;
    }
    // Applied, or nothing new (an answer confirming the version held): either way no sync is outstanding any more.
    const answered = this.syncing;
    this.syncing = false;
    if (outcome === 'applied' || answered) this.emit('blocklist', this.local.list());
  }

  private heartbeat(reportBlocklist = true): void {
    if (!this.authed) return;
    const v = this.local.version;
    const blocklist = v === null || !reportBlocklist ? {} : { blocklistVersion: v, blocklistHash: this.local.hash(), blocklistSize: this.local.size };
    const { config, rules } = this.commands.appliedDocuments;
    const hashes = { ...(config ? { configHash: config.hash } : {}), ...(rules ? { rulesHash: rules.hash } : {}) };
    this.write({ type: 'heartbeat', payload: { timestamp: Date.now(), ...defaultHealth(), ...this.o.health(), ...hashes, ...blocklist } });
  }

  private onAck(m: Record<string, any>): void {
    const msg = typeof m.id === 'string' ? this.unacked.get(m.id) : undefined;
    if (!msg) return;
    this.stats.acked += msg.signals.length;
    const ack: AckEvent = {
      id: msg.id, count: msg.signals.length, stored: m.stored ?? msg.signals.length, merged: m.merged ?? 0,
      duplicates: m.duplicates ?? 0, replayed: m.replayed === true, latencyMs: Date.now() - (msg.firstSentAt ?? Date.now()),
    };
    this.settle(msg, () => this.emit('ack', ack));
    this.pump();
  }

  private onServerError(m: Record<string, any>): void {
    const msg = typeof m.id === 'string' ? this.unacked.get(m.id) : undefined;
    this.emit('server-error', m);
    if (typeof m.id === 'string' && this.sentAcks.has(m.id)) return this.onAckRefused(m.id, m);
    if (!msg) return;
    if (!RETRYABLE_CODES.has(m.code)) {
      // The hub will never take this message as it is: report it rather than resend it forever.
      this.stats.rejected += msg.signals.length;
      this.settle(msg, () => this.emit('rejected', { id: msg.id, signals: msg.signals, error: m }));
      return this.pump();
    }
    if (m.code === 'BACKPRESSURE') this.stats.backpressure++;
    msg.sent = false;
    // The hub's own hint when it gives one (queue, rate limit); else 1 s doubling per refusal up to reconnectMaxMs.
    const delay = typeof m.retryAfterMs === 'number' ? m.retryAfterMs : Math.min(this.o.reconnectMaxMs, 1000 * 2 ** Math.min(msg.refusals, 16));
    msg.refusals++;
    msg.retryTimer = setTimeout(() => { msg.retryTimer = null; this.pump(); }, jitter(delay));
  }

  private onClose(ws: WebSocket, code: number, reason: string): void {
    if (this.ws !== ws) return;
    this.ws = null;
    this.authed = false;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
    this.emit('disconnected', { code, reason });
    if (FATAL_CLOSES.has(code)) {
      this.stopped = true;
      this.emit('fatal', new Error(`the hub refused this sensor (${code} ${reason})`));
      return;
    }
    if (this.stopped) return;
    const delay = jitter(Math.min(this.o.reconnectMaxMs, this.o.reconnectBaseMs * 2 ** this.attempt++));
    this.stats.reconnects++;
    this.reconnectTimer = setTimeout(() => this.open(), delay);
  }

  /** Sends unsent messages in order while the in-flight window has room. */
  private pump(): void {
    if (!this.authed || !this.ws) return;
    let inFlight = 0;
    for (const m of this.unacked.values()) if (m.sent) inFlight++;
    for (const m of this.unacked.values()) {
      if (inFlight >= this.o.maxInFlight) return;
      if (m.sent || m.retryTimer) continue;
      m.sent = true;
      m.firstSentAt ??= Date.now();
      inFlight++;
      this.write({ type: 'signal-batch', id: m.id, payload: m.signals });
    }
  }

  private write(msg: Record<string, unknown>): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }
}

/** Full jitter on the upper half: spreads a fleet's reconnects without ever waiting less than half the backoff. */
function jitter(ms: number): number {
  return Math.round(ms / 2 + Math.random() * (ms / 2));
}

function defaultHealth(): Record<string, unknown> {
  return { status: 'healthy', cpu: 0, memory: 0, disk: 0, requestsLastMinute: 0, avgLatencyMs: 0, configHash: '', rulesHash: '' };
}
