import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startModules, stopModules, type StageModule } from '../src/hub/stage-module.ts';

function recording(names: string[], log: string[]): StageModule[] {
  return names.map((name) => ({
    name,
    async start() { await Promise.resolve(); log.push(`start ${name}`); },
    async stop(deadline: number) { await Promise.resolve(); log.push(`stop ${name} by ${deadline}`); },
  }));
}

test('modules start in pipeline order and stop in reverse, each against the same deadline', async () => {
  const log: string[] = [];
  const modules = recording(['ingest', 'aggregate', 'store', 'correlate', 'decide', 'present'], log);
  await startModules(modules);
  await stopModules(modules, 1234);
  assert.deepEqual(log, [
    'start ingest', 'start aggregate', 'start store', 'start correlate', 'start decide', 'start present',
    'stop present by 1234', 'stop decide by 1234', 'stop correlate by 1234', 'stop store by 1234', 'stop aggregate by 1234', 'stop ingest by 1234',
  ]);
});

test('a module starts only after the one before it has finished starting', async () => {
  const log: string[] = [];
  let release!: () => void;
  const slow: StageModule = { name: 'store', start: () => new Promise<void>((r) => { release = () => { log.push('store started'); r(); }; }), stop: async () => undefined };
  const next: StageModule = { name: 'correlate', start: () => { log.push('correlate started'); }, stop: async () => undefined };
  const starting = startModules([slow, next]);
  await Promise.resolve();
  assert.deepEqual(log, []);
  release();
  await starting;
  assert.deepEqual(log, ['store started', 'correlate started']);
});
