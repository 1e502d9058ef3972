// `npm run test:mutation [module…]`: StrykerJS mutates each decision-core module in turn and runs the pure tests that pin it.
// Prints a table of mutation scores, writes reports/mutation/summary.md and one HTML report per module; exits 1 below the goal.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LogLevel, PartialStrykerOptions } from '@stryker-mutator/api/core';
import { Stryker } from '@stryker-mutator/core';
import { CORE_MODULES, MUTATION_GOAL, type CoreModule } from './mutation-modules.ts';

const root = path.resolve(import.meta.dirname, '..');
const reportDir = path.join(root, 'reports', 'mutation');

interface Score {
  module: string;
  mutants: number;
  killed: number;
  survived: number;
  timedOut: number;
  ignored: number;
  score: number;
  survivors: string[];
}

function optionsFor(m: CoreModule): PartialStrykerOptions {
  const name = path.basename(m.file, '.ts');
  return {
    mutate: [m.file],
    testRunner: 'command',
    commandRunner: { command: `node --import tsx --test --test-reporter=dot ${m.tests.join(' ')}` },
    coverageAnalysis: 'off',
    concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 1),
    timeoutMS: 10_000,
    reporters: ['html', 'clear-text'],
    htmlReporter: { fileName: path.join('reports', 'mutation', `${name}.html`) },
    clearTextReporter: { reportMutants: false, reportTests: false, reportScoreTable: false },
    tempDirName: '.stryker-tmp',
    cleanTempDir: 'always',
    ignorePatterns: ['.test-pg', '.bench-pg', '.quorum', 'reports', 'web', 'docs', 'bench', '.ci'],
    logLevel: 'warn' as LogLevel,
    fileLogLevel: 'off' as LogLevel,
    disableTypeChecks: true,
  };
}

async function mutate(m: CoreModule): Promise<Score> {
  const results = await new Stryker(optionsFor(m)).runMutationTest();
  const count = (...s: string[]) => results.filter((r) => s.includes(r.status)).length;
  const killed = count('Killed');
  const timedOut = count('Timeout');
  const survivedMutants = results.filter((r) => r.status === 'Survived' || r.status === 'NoCoverage');
  const detected = killed + timedOut;
  const valid = detected + survivedMutants.length;
  return {
    module: m.file, mutants: results.length, killed, timedOut, survived: survivedMutants.length, ignored: count('Ignored'),
    score: valid === 0 ? 100 : (100 * detected) / valid,
    survivors: survivedMutants.map((r) => `${m.file}:${r.location.start.line} ${r.mutatorName}: ${r.replacement ?? ''}`.trim()),
  };
}

function table(scores: Score[]): string {
  const rows = scores.map((s) => `| \`${s.module}\` | ${s.mutants} | ${s.killed + s.timedOut} | ${s.survived} | ${s.ignored} | ${s.score.toFixed(1)} % |`);
  return ['| module | mutants | killed | survived | ignored (equivalent) | score |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

const wanted = process.argv.slice(2);
const modules = wanted.length > 0 ? CORE_MODULES.filter((m) => wanted.some((w) => m.file.includes(w))) : CORE_MODULES;
if (modules.length === 0) {
  console.error(`no core module matches ${wanted.join(', ')}; modules: ${CORE_MODULES.map((m) => m.file).join(', ')}`);
  process.exit(2);
}
mkdirSync(reportDir, { recursive: true });
const scores: Score[] = [];
for (const m of modules) {
  const started = Date.now();
  const s = await mutate(m);
  scores.push(s);
  console.log(`${m.file}: ${s.score.toFixed(1)} % (${s.mutants} mutants, ${s.survived} survived) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  for (const line of s.survivors) console.log(`  survived ${line}`);
}
const summary = `${table(scores)}\n\nGoal: ≥ ${MUTATION_GOAL} % per module.\n\n${scores.flatMap((s) => s.survivors.map((l) => `- ${l}`)).join('\n')}\n`;
writeFileSync(path.join(reportDir, 'summary.md'), summary);
console.log(`\n${table(scores)}\n\nreport: ${path.relative(root, reportDir)}/summary.md`);
process.exit(scores.every((s) => s.score >= MUTATION_GOAL) ? 0 : 1);
