// Rollouts of a rule bundle or sensor config: create, the steps that advance one (start, canary judgement, promote,
// complete, roll back, abort) and drift repair. Every step runs in one transaction on a locked rollout row; nothing lives only in memory.

import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from 'pino';
import { ConflictError, InvalidRequestError, NotFoundError } from '../core/errors.ts';
import { afterCommit, withTenant } from '../db/pools.ts';
import type { Metrics } from '../metrics.ts';
import type { CommandType, DeliveryPolicy } from './command-types.ts';
import { cancelPendingRolloutPushes, insertCommands, type NewCommand } from './command-queries.ts';
import { reportOutcome } from './command-delivery.ts';
import { selectSensors, type FleetSelector } from './fleet-selector.ts';
import { canaryCount, judgeCanaries } from './rollout-plan.ts';
import {
  activeRolloutIds, findActiveRollout, insertRollout, insertRolloutSensors, listRolloutSensors, lockRollout, markSensorsPushed,
  markSensorsRolledBack, syncRolloutSensors, updateRollout, type CanarySpec, type RolloutRow, type Strategy,
} from './rollout-queries.ts';
import { findDocument, type DocumentKind, type DocumentRow } from './rule-document-queries.ts';
import { forgetPushes, lockDrifted, markGaveUp, recordPushes, syncPushOutcomes } from './rule-sync-queries.ts';

type Client = pg.PoolClient;

export interface RolloutDeps {
  app: pg.Pool;
  clock: () => Date;
  logger: Pick<Logger, 'info' | 'warn'>;
  metrics: Pick<Metrics, 'rolloutTransitions' | 'rolloutPushes' | 'commandOutcomes'>;
  /** Silence thresholds a canary's health is judged by (as GET /v1/sensors/health does). */
  thresholds: { staleAfterMs: number; offlineAfterMs: number };
  /** Timeout and attempts per command type (QUORUM_COMMAND_DELIVERY over the defaults). */
  delivery: Record<CommandType, DeliveryPolicy>;
  /** How long a push command waits for its sensor before it expires (QUORUM_COMMAND_EXPIRY_MS). */
  commandExpiresAfterMs: number;
  /** Drift repairs per sensor and version before the hub gives up (QUORUM_ROLLOUT_DRIFT_REPAIRS). */
  maxRepairs: number;
}

export interface NewRollout {
  kind: DocumentKind;
  version: string;
  strategy: Strategy;
  targets: FleetSelector;
  canary?: CanarySpec;
  at?: string;
}

const KIND_COMMAND = { rules: 'push_rules', config: 'push_config' } as const;
const KIND_MEMBER = { rules: 'rules', config: 'config' } as const;
const ACTIVE = ['scheduled', 'running'];

/** The strategy's own rules on `canary` and `at`; throws a 400 naming the field. */
function checkStrategy(r: NewRollout, now: Date): void {
  if (r.strategy === 'canary' && !r.canary) throw new InvalidRequestError('a canary rollout needs canary {percent or sensorIds, soakSeconds}', { field: 'canary' });
  if (r.strategy === 'immediate' && r.canary) throw new InvalidRequestError('an immediate rollout takes no canary (use strategy canary)', { field: 'canary' });
  if ((r.strategy === 'scheduled') !== (r.at !== undefined)) throw new InvalidRequestError('at is required for, and only for, a scheduled rollout', { field: 'at' });
  if (r.at !== undefined && !(new Date(r.at) > now)) throw new InvalidRequestError('at must be in the future', { field: 'at' });
  if (r.canary && (r.canary.percent === undefined) === (r.canary.sensorIds === undefined)) {
    throw new InvalidRequestError('canary takes exactly one of percent and sensorIds', { field: 'canary' });
  }
}

export function createRollouts(deps: RolloutDeps) {
  const { clock, logger, metrics } = deps;

  function announce(c: Client, tenantId: string, r: RolloutRow, event: string, fields: Record<string, unknown>, message: string, warn = false): void {
    afterCommit(c, () => {
      metrics.rolloutTransitions.inc({ kind: r.kind, event: event.slice('rollout.'.length) });
      (warn ? logger.warn : logger.info).call(logger, { event, tenantId, rolloutId: r.id, kind: r.kind, version: r.version, ...fields }, message);
    });
  }

  /** Enqueues `doc` to the sensors, records the pushes (expected hash included) and returns each command's id. */
  async function push(c: Client, tenantId: string, kind: DocumentKind, doc: DocumentRow, sensorIds: string[], rolloutId: string | null, reason: 'rollout' | 'rollback' | 'drift_repair', by: string) {
    if (sensorIds.length === 0) return [];
    const now = clock();
    const type = KIND_COMMAND[kind];
    const commands: NewCommand[] = sensorIds.map((sensorId) => ({
      id: randomUUID(), sensorId, type, payload: { version: doc.version, hash: doc.hash, [KIND_MEMBER[kind]]: doc.document },
      timeoutMs: deps.delivery[type].timeoutMs, maxAttempts: deps.delivery[type].maxAttempts, createdBy: by, createdAt: now,
      expiresAt: new Date(now.getTime() + deps.commandExpiresAfterMs), rolloutId,
    }));
    await insertCommands(c, tenantId, commands);
    const pushes = commands.map((x) => ({ sensorId: x.sensorId, commandId: x.id }));
    await recordPushes(c, tenantId, kind, doc, rolloutId, pushes, now, reason === 'drift_repair');
    afterCommit(c, () => metrics.rolloutPushes.inc({ kind, reason }, pushes.length));
    return pushes;
  }

  async function documentOf(c: Client, tenantId: string, r: Pick<RolloutRow, 'kind' | 'version'>): Promise<DocumentRow> {
    const doc = await findDocument(c, tenantId, r.kind, r.version);
    if (!doc) throw new InvalidRequestError(`no ${r.kind === 'rules' ? 'rule bundle' : 'sensor config'} version ${r.version}`, { field: 'version' });
    return doc;
  }

  /** Fixes the rollout's sensors (canaries first) and pushes the first wave; a rollout without sensors completes at once. */
  async function start(c: Client, tenantId: string, r: RolloutRow, targets: string[], canary = r.canary): Promise<RolloutRow> {
    const now = clock();
    if (targets.length === 0) {
      const done = await updateRollout(c, tenantId, r.id, { state: 'completed', phase: 'done', reason: 'no sensor matched the targets', startedAt: now, finishedAt: now });
      announce(c, tenantId, done, 'rollout.completed', { targets: 0 }, 'rollout completed: no sensor matched its targets');
      return done;
    }
    const canaries = new Set(canary?.sensorIds ?? targets.slice(0, canary?.percent ? canaryCount(targets.length, canary.percent) : 0));
    await insertRolloutSensors(c, tenantId, r.id, r.kind, targets.map((sensorId) => ({ sensorId, canary: canaries.has(sensorId) })), now);
    const wave = canaries.size > 0 ? [...canaries] : targets;
    const pushes = await push(c, tenantId, r.kind, await documentOf(c, tenantId, r), wave, r.id, 'rollout', `rollout:${r.id}`);
    await markSensorsPushed(c, tenantId, r.id, pushes, now);
    const started = await updateRollout(c, tenantId, r.id, { state: 'running', phase: canaries.size > 0 ? 'canary' : 'full', startedAt: now });
    announce(c, tenantId, started, 'rollout.started', { strategy: r.strategy, targets: targets.length, canaries: canaries.size },
      `rollout started: ${wave.length} of ${targets.length} sensors first`);
    return started;
  }

  /** The rollout's targets now, canaries first chosen by a stable spread (canary sensorIds must be among the targets). */
  async function resolveTargets(c: Client, tenantId: string, r: Pick<RolloutRow, 'id' | 'targets' | 'canary'>): Promise<string[]> {
    const targets = await selectSensors(c, tenantId, r.targets);
    const missing = r.canary?.sensorIds?.find((id) => !targets.includes(id));
    if (missing !== undefined) throw new InvalidRequestError(`canary sensor ${missing} is not among the targets (approved sensors the selector matches)`, { field: 'canary.sensorIds' });
    return spread(targets, r.id);
  }

  async function promote(c: Client, tenantId: string, r: RolloutRow, how: 'auto' | 'manual'): Promise<RolloutRow> {
    const now = clock();
    const rest = (await listRolloutSensors(c, tenantId, r.id, now, deps.thresholds, null)).filter((s) => s.status === 'waiting').map((s) => s.sensor_id);
    const pushes = await push(c, tenantId, r.kind, await documentOf(c, tenantId, r), rest, r.id, 'rollout', `rollout:${r.id}`);
    await markSensorsPushed(c, tenantId, r.id, pushes, now);
    const promoted = await updateRollout(c, tenantId, r.id, { phase: 'full', promotedAt: now });
    announce(c, tenantId, promoted, 'rollout.promoted', { how, sensors: rest.length }, `rollout promoted (${how}): pushing to the other ${rest.length} sensors`);
    return promoted;
  }

  /** Pushes each canary that got the new version back to the version it had; the rollout ends rolled_back with `reason`. */
  async function rollBack(c: Client, tenantId: string, r: RolloutRow, reason: string): Promise<RolloutRow> {
    const now = clock();
    const touched = (await listRolloutSensors(c, tenantId, r.id, now, deps.thresholds, null)).filter((s) => s.canary && s.status !== 'waiting');
    const byVersion = new Map<string | null, string[]>();
    for (const s of touched) byVersion.set(s.previous_version, [...(byVersion.get(s.previous_version) ?? []), s.sensor_id]);
    for (const [version, sensorIds] of byVersion) {
      const doc = version === null ? null : await findDocument(c, tenantId, r.kind, version);
      if (doc) await push(c, tenantId, r.kind, doc, sensorIds, r.id, 'rollback', `rollout:${r.id}`);
      else await forgetPushes(c, tenantId, r.kind, sensorIds, now);
    }
    await markSensorsRolledBack(c, tenantId, r.id, touched.map((s) => s.sensor_id), now);
    const ended = await updateRollout(c, tenantId, r.id, { state: 'rolled_back', phase: 'done', reason, finishedAt: now });
    announce(c, tenantId, ended, 'rollout.rolled_back', { reason, sensors: touched.length }, `rollout rolled back: ${reason}`, true);
    return ended;
  }

  /** One step of a running rollout: outcomes copied, then the canary judged or the full wave's end noticed. */
  async function advanceRunning(c: Client, tenantId: string, r: RolloutRow): Promise<RolloutRow> {
    const now = clock();
    await syncRolloutSensors(c, tenantId, r.id, now);
    const sensors = await listRolloutSensors(c, tenantId, r.id, now, deps.thresholds, r.canary_acked_at ? new Date(r.canary_acked_at) : null);
    if (r.phase === 'canary') {
      const verdict = judgeCanaries(sensors.filter((s) => s.canary), r.canary_acked_at, r.canary?.soakSeconds ?? 0, now);
      if (verdict.kind === 'roll_back') return rollBack(c, tenantId, r, verdict.reason);
      if (verdict.kind === 'acked') return updateRollout(c, tenantId, r.id, { canaryAckedAt: now });
      if (verdict.kind === 'promote') return promote(c, tenantId, r, 'auto');
      return r;
    }
    if (sensors.some((s) => ['waiting', 'pending', 'sent'].includes(s.status))) return r;
    const failed = sensors.filter((s) => s.status === 'failed').length;
    const done = await updateRollout(c, tenantId, r.id, {
      state: 'completed', phase: 'done', finishedAt: now, ...(failed > 0 ? { reason: `${failed} of ${sensors.length} sensors failed to apply it` } : {}),
    });
    announce(c, tenantId, done, 'rollout.completed', { targets: sensors.length, failed }, `rollout completed: ${sensors.length - failed} of ${sensors.length} sensors applied it`, failed > 0);
    return done;
  }

  /** Advances one locked rollout by one step (a scheduled one starts once its time has come). */
  async function advance(c: Client, tenantId: string, r: RolloutRow): Promise<RolloutRow> {
    if (r.state === 'scheduled') {
      if (new Date(r.at!) > clock()) return r;
      const { targets, canary } = await resolveAtFireTime(c, tenantId, r);
      return start(c, tenantId, r, targets, canary);
    }
    if (r.state === 'running') return advanceRunning(c, tenantId, r);
    return r;
  }

  /** At fire time, canaries named at creation may have left the fleet: those still targeted are kept, else a percent of 1 stands in. */
  async function resolveAtFireTime(c: Client, tenantId: string, r: RolloutRow): Promise<{ targets: string[]; canary: CanarySpec | null }> {
    const targets = spread(await selectSensors(c, tenantId, r.targets), r.id);
    const named = r.canary?.sensorIds;
    if (!r.canary || !named) return { targets, canary: r.canary };
    const kept = named.filter((id) => targets.includes(id));
    return { targets, canary: kept.length > 0 ? { ...r.canary, sensorIds: kept } : { soakSeconds: r.canary.soakSeconds, percent: 1 } };
  }

  /** Pushes the version each drifted sensor should hold once more, or gives up after maxRepairs (it stays drifted). */
  async function repairDrift(c: Client, tenantId: string): Promise<void> {
    const now = clock();
    for (const d of await lockDrifted(c, tenantId)) {
      if (d.repairs >= deps.maxRepairs) {
        await markGaveUp(c, tenantId, d.sensor_id, d.kind, now);
        afterCommit(c, () => logger.warn({ event: 'rollout.drift_given_up', tenantId, sensorId: d.sensor_id, kind: d.kind, version: d.version, expected: d.hash, reported: d.reported, repairs: d.repairs },
          `sensor ${d.sensor_id} still reports another ${d.kind} hash after ${d.repairs} repairs; it stays drifted`));
        continue;
      }
      const doc = await findDocument(c, tenantId, d.kind, d.version);
      if (!doc) continue;
      await push(c, tenantId, d.kind, doc, [d.sensor_id], d.rollout_id, 'drift_repair', 'drift-repair');
      afterCommit(c, () => logger.info({ event: 'rollout.drift_repaired', tenantId, sensorId: d.sensor_id, kind: d.kind, version: d.version, expected: d.hash, reported: d.reported, repair: d.repairs + 1 },
        `sensor ${d.sensor_id} reports another ${d.kind} hash: pushing version ${d.version} again`));
    }
  }

  return {
    /** Creates a rollout; immediate and canary ones start in the same transaction. 409 while another of its kind is active. */
    async create(tenantId: string, input: NewRollout, by: string): Promise<RolloutRow> {
      const now = clock();
      checkStrategy(input, now);
      return withTenant(deps.app, tenantId, async (c) => {
        await documentOf(c, tenantId, input);
        const active = await findActiveRollout(c, tenantId, input.kind);
        if (active) throw new ConflictError(`rollout ${active} of ${input.kind} is still active; promote it, let it finish or abort it first`);
        const id = randomUUID();
        const targets = input.strategy === 'scheduled' ? null : await resolveTargets(c, tenantId, { id, targets: input.targets, canary: input.canary ?? null });
        if (targets?.length === 0) throw new InvalidRequestError('the targets select no approved sensor', { field: 'targets' });
        const r = await insertRollout(c, tenantId, {
          id, kind: input.kind, version: input.version, strategy: input.strategy, targets: input.targets, canary: input.canary ?? null,
          at: input.at ?? null, state: 'scheduled', phase: 'waiting', created_at: now.toISOString(), created_by: by,
        }).catch((err: { code?: string }) => { throw err.code === '23505' ? new ConflictError(`another ${input.kind} rollout became active just now`) : err; });
        if (!targets) announce(c, tenantId, r, 'rollout.scheduled', { at: r.at }, `rollout scheduled for ${r.at}`);
        return targets ? start(c, tenantId, r, targets) : r;
      });
    },

    /** Promotes a rollout in its canary phase now, whatever the soak and health say. */
    promote: (tenantId: string, id: string) => withTenant(deps.app, tenantId, async (c) => {
      const r = await lockRollout(c, tenantId, id, false);
      if (!r) throw new NotFoundError(`no rollout ${id}`);
      if (r.state !== 'running' || r.phase !== 'canary') throw new ConflictError(`rollout ${id} is ${r.state}${r.state === 'running' ? ` in its ${r.phase} phase` : ''}; only a canary phase can be promoted`);
      return promote(c, tenantId, r, 'manual');
    }),

    /** Stops an active rollout: no further wave is pushed, pushes not yet sent are cancelled; sent ones run to their end. */
    abort: (tenantId: string, id: string, by: string) => withTenant(deps.app, tenantId, async (c) => {
      const r = await lockRollout(c, tenantId, id, false);
      if (!r) throw new NotFoundError(`no rollout ${id}`);
      if (!ACTIVE.includes(r.state)) throw new ConflictError(`rollout ${id} has ended (${r.state})`);
      const cancelled = await cancelPendingRolloutPushes(c, tenantId, id, clock());
      await syncRolloutSensors(c, tenantId, id, clock());
      afterCommit(c, () => { for (const f of cancelled) reportOutcome(deps, f); });
      const ended = await updateRollout(c, tenantId, id, { state: 'aborted', phase: 'done', reason: `aborted by ${by}`, finishedAt: clock() });
      announce(c, tenantId, ended, 'rollout.aborted', { by }, `rollout aborted by ${by}`, true);
      return ended;
    }),

    /**
     * One round for a tenant, in one transaction: push outcomes copied, every active rollout another hub is not
     * advancing right now moved one step, drifted sensors repaired.
     */
    stepTenant: (tenantId: string) => withTenant(deps.app, tenantId, async (c) => {
      await syncPushOutcomes(c, tenantId, clock());
      for (const id of await activeRolloutIds(c, tenantId)) {
        const r = await lockRollout(c, tenantId, id, true);
        if (r) await advance(c, tenantId, r);
      }
      await syncPushOutcomes(c, tenantId, clock());
      await repairDrift(c, tenantId);
    }),
  };
}

/** The targets in a stable order spread by rollout (a hash of rollout and sensor), so each rollout's canaries differ. */
function spread(targets: string[], rolloutId: string): string[] {
  const key = (s: string) => createHashHex(`${rolloutId}:${s}`);
  return targets.map((s) => [key(s), s] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, s]) => s);
}

function createHashHex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export type Rollouts = ReturnType<typeof createRollouts>;
