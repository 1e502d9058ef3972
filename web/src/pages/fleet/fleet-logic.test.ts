import { describe, expect, it } from 'vitest';
import type { FleetSensor } from '../common/answers.ts';
import { commandRequest, filterSensors, healthCounts, progressOf, rolloutActions, selectorText, syncSummary, type CommandForm } from './fleet-logic.ts';

const item = (state: FleetSensor['sync']['config']['state']) => ({ expected: null, reported: null, state, since: null });
const sync = (config: string, rules: string, blocklist: string) => ({ config: item(config as never), rules: item(rules as never), blocklist: item(blocklist as never) }) as FleetSensor['sync'];
const sensor = (id: string, health: FleetSensor['health']) => ({ sensor_id: id, health }) as FleetSensor;
const form = (over: Partial<CommandForm>): CommandForm => ({ target: 'sensor', sensorId: 'edge-1', tags: '', connectedOnly: false, type: 'restart', payload: '{}', ...over });

describe('the Fleet page logic', () => {
  it('says the worst sync state and names the parts out of sync', () => {
    expect(syncSummary(sync('in_sync', 'in_sync', 'in_sync'))).toEqual({ state: 'in_sync', detail: 'config, rules and blocklist in sync' });
    expect(syncSummary(sync('in_sync', 'behind', 'unknown'))).toEqual({ state: 'behind', detail: 'rules behind, blocklist unknown' });
    expect(syncSummary(sync('behind', 'drifted', 'in_sync')).state).toBe('drifted');
    expect(syncSummary(sync('unknown', 'in_sync', 'in_sync')).state).toBe('unknown');
  });

  it('filters by health and counts every health', () => {
    const list = [sensor('a', 'healthy'), sensor('b', 'stale'), sensor('c', 'healthy')];
    expect(filterSensors(list, null)).toHaveLength(3);
    expect(filterSensors(list, 'healthy').map((s) => s.sensor_id)).toEqual(['a', 'c']);
    expect(healthCounts(list)).toEqual({ healthy: 2, degraded: 0, unhealthy: 0, stale: 1, offline: 0, unknown: 0 });
  });

  it('turns the send form into a request to one sensor or to the fleet by tag, or says what is wrong', () => {
    expect(commandRequest(form({ payload: '{"enabled": false}', type: 'toggle_chaos' })))
      .toEqual({ kind: 'sensor', sensorId: 'edge-1', body: { type: 'toggle_chaos', payload: { enabled: false } } });
    expect(commandRequest(form({ payload: '  ' }))).toEqual({ kind: 'sensor', sensorId: 'edge-1', body: { type: 'restart', payload: {} } });
    expect(commandRequest(form({ target: 'fleet', tags: 'edge, eu,edge,', connectedOnly: true })))
      .toEqual({ kind: 'fleet', body: { type: 'restart', payload: {}, selector: { tags: ['edge', 'eu'], connected: true } } });
    expect(commandRequest(form({ target: 'fleet' }))).toEqual({ kind: 'fleet', body: { type: 'restart', payload: {}, selector: {} } });
    expect(commandRequest(form({ payload: '{nope' }))).toEqual({ error: 'The payload is not JSON.' });
    expect(commandRequest(form({ payload: '[1]' }))).toEqual({ error: 'The payload must be a JSON object, e.g. {"enabled": false}.' });
    expect(commandRequest(form({ sensorId: '' }))).toEqual({ error: 'Choose a sensor.' });
  });

  it('says whom a fleet command reaches', () => {
    expect(selectorText({})).toBe('every approved sensor');
    expect(selectorText({ tags: ['edge', 'eu'], connected: true })).toBe('approved sensors tagged edge and eu connected now');
  });
});

describe('the Fleet page rollouts logic', () => {
  const counts = { targets: 20, canaries: 2, waiting: 15, pending: 0, sent: 1, applied: 3, failed: 1, rolled_back: 0 };

  it('shows applied and failed as shares of the targets and lists the push states that hold a sensor', () => {
    expect(progressOf(counts)).toEqual({
      targets: 20, applied: 3, appliedPct: 15, failedPct: 5, states: [['waiting', 15], ['sent', 1], ['applied', 3], ['failed', 1]],
    });
    expect(progressOf({ ...counts, targets: 0, waiting: 0, sent: 0, applied: 0, failed: 0 })).toEqual({ targets: 0, applied: 0, appliedPct: 0, failedPct: 0, states: [] });
  });

  it('offers Promote only in a running canary phase and Abort while a rollout is scheduled or running', () => {
    expect(rolloutActions({ state: 'running', phase: 'canary' })).toEqual({ promote: true, abort: true });
    expect(rolloutActions({ state: 'running', phase: 'full' })).toEqual({ promote: false, abort: true });
    expect(rolloutActions({ state: 'scheduled', phase: 'waiting' })).toEqual({ promote: false, abort: true });
    for (const state of ['completed', 'rolled_back', 'aborted'] as const) expect(rolloutActions({ state, phase: 'done' })).toEqual({ promote: false, abort: false });
  });
});
