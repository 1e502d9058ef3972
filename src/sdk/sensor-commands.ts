// Fleet commands on the sensor side: runs the application's handler for each command and shapes its command-ack.
// Never runs one command id twice: a command the hub re-sends after a timeout is answered from memory.

import { contentHash } from '../core/canonical-json.ts';

/** The `payload` of a command as the hub sent it (an empty object when it sent none). */
export type CommandPayload = Record<string, unknown>;

/** Which command a handler runs. */
export interface CommandContext {
  type: string;
  commandId: string;
}

/** Runs one command; what it returns becomes the ack's `result`, what it throws the ack's `message` (`success: false`). */
export type CommandHandler = (payload: CommandPayload, command: CommandContext) => unknown;

/** A config or rule document the hub pushed (`push_config`/`push_rules` commands or a `config_push` message). */
export interface PushedDocument {
  kind: 'config' | 'rules';
  version: string;
  /** The hash the hub sent, or for a `config_push` (which carries none) `contentHash(document).hash`. */
  hash: string;
  document: unknown;
  via: 'command' | 'config_push';
}

/** Applies a pushed document; throwing refuses it (a command is acked `success: false`, the hash reported stays). */
export type DocumentHandler = (doc: PushedDocument) => unknown;

/** The payload of a `command-ack`. */
export interface CommandAck {
  commandId: string;
  success: boolean;
  message?: string;
  result?: Record<string, unknown>;
}

/** The version and hash of the document applied last, as heartbeats report it. */
export interface AppliedDocument {
  version: string;
  hash: string;
}

/** The hub stores at most this many characters of an ack's message. */
const MAX_MESSAGE_CHARS = 4096;
const DOCUMENT_COMMANDS: Record<string, PushedDocument['kind']> = { push_config: 'config', push_rules: 'rules' };

export interface CommandRunnerDeps {
  /** Sends (or queues until the next auth) an ack; `repeated` when it answers a command id again from memory. */
  ack(ack: CommandAck, type: string, repeated: boolean): void;
  /** A document was applied: its hash goes into the heartbeats from now on. */
  applied(doc: PushedDocument): void;
  /** Answers remembered at most (oldest forgotten first). */
  memory: number;
}

export class CommandRunner {
  private readonly handlers = new Map<string, CommandHandler>();
  private readonly documents: Partial<Record<PushedDocument['kind'], DocumentHandler>> = {};
  /** Commands running (or awaiting the application's own answer) now, with their type: a re-sent one waits for that answer. */
  private readonly running = new Map<string, string>();
  /** Answers given, in order: a re-sent command id gets the same answer again. */
  private readonly answered = new Map<string, { ack: CommandAck; type: string }>();
  readonly appliedDocuments: Record<PushedDocument['kind'], AppliedDocument | null> = { config: null, rules: null };

  constructor(private readonly deps: CommandRunnerDeps) {}

  on(type: string, handler: CommandHandler): void {
    if (type in DOCUMENT_COMMANDS) throw new TypeError(`${type} is handled by onConfig/onRules: they receive the document and report its hash`);
    this.handlers.set(type, handler);
  }

  onDocument(kind: PushedDocument['kind'], handler: DocumentHandler): void {
    this.documents[kind] = handler;
  }

  /** Whether a command id is new: neither answered (within memory) nor running. */
  isNew(commandId: string): boolean {
    return !this.answered.has(commandId) && !this.running.has(commandId);
  }

  /**
   * Runs a command once and acks it; a command id seen before is acked again from memory (or when its run ends).
   * `manual`: the application took it from a `command` event and answers it itself when there is no handler.
   */
  async handle(type: string, commandId: string, payload: CommandPayload, manual: boolean): Promise<void> {
    const known = this.answered.get(commandId);
    if (known) return this.deps.ack(known.ack, known.type, true);
    if (this.running.has(commandId)) return;
    this.running.set(commandId, type);
    // No handler, but the application listens for commands: it answers with answer() (SensorClient.ackCommand).
    const kind = DOCUMENT_COMMANDS[type];
    const handled = kind ? this.documents[kind] !== undefined : this.handlers.has(type);
    if (!handled && manual) return;
    this.answer(await this.run(type, commandId, payload));
  }

  /** Records and sends the answer to a command (a handler's, or the application's own for a command it took). */
  answer(ack: CommandAck): void {
    const type = this.running.get(ack.commandId) ?? 'unknown';
    this.running.delete(ack.commandId);
    this.answered.set(ack.commandId, { ack, type });
    for (const id of this.answered.keys()) {
      if (this.answered.size <= this.deps.memory) break;
      this.answered.delete(id);
    }
    this.deps.ack(ack, type, false);
  }

  /** Hands a `config_push` message's document to the config handler; false (and why) when there is none or it refused. */
  async configPush(payload: unknown): Promise<{ applied: true; doc: PushedDocument } | { applied: false; error: string }> {
    try {
      const p = isObject(payload) ? payload : {};
      if (!isObject(p.config)) throw new Error('payload.config must be an object');
      const doc: PushedDocument = { kind: 'config', version: String(p.version ?? ''), hash: contentHash(p.config).hash, document: p.config, via: 'config_push' };
      await this.apply(doc);
      return { applied: true, doc };
    } catch (err) {
      return { applied: false, error: messageOf(err) };
    }
  }

  private async run(type: string, commandId: string, payload: CommandPayload): Promise<CommandAck> {
    const kind = DOCUMENT_COMMANDS[type];
    const handler = kind ? this.documents[kind] && ((p: CommandPayload) => this.apply(pushedDocument(kind, p))) : this.handlers.get(type);
    if (!handler) return { commandId, success: false, message: `this sensor has no handler for ${type} commands` };
    try {
      return { commandId, success: true, ...resultOf(await handler(payload, { type, commandId })) };
    } catch (err) {
      return { commandId, success: false, message: messageOf(err) };
    }
  }

  private async apply(doc: PushedDocument): Promise<unknown> {
    const handler = this.documents[doc.kind];
    if (!handler) throw new Error(`this sensor has no handler for ${doc.kind} documents`);
    const value = await handler(doc);
    this.appliedDocuments[doc.kind] = { version: doc.version, hash: doc.hash };
    this.deps.applied(doc);
    return value;
  }
}

/** The document of a push_config/push_rules payload `{version, hash, config|rules}`; throws a clear refusal when malformed. */
function pushedDocument(kind: PushedDocument['kind'], p: CommandPayload): PushedDocument {
  if (typeof p.version !== 'string' || p.version === '') throw new Error('payload.version must be a non-empty string');
  if (typeof p.hash !== 'string' || p.hash === '') throw new Error('payload.hash must be a non-empty string');
  if (!(kind in p)) throw new Error(`payload.${kind} is missing`);
  return { kind, version: p.version, hash: p.hash, document: p[kind], via: 'command' };
}

/** A handler's return value as an ack's result: objects as they are, nothing for undefined/null, else `{value}`. */
function resultOf(value: unknown): { result?: Record<string, unknown> } {
  if (value === undefined || value === null) return {};
  return { result: isObject(value) ? value : { value } };
}

function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text || 'the command failed').slice(0, MAX_MESSAGE_CHARS);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
