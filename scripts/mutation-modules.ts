// The decision core under mutation testing: each module that decides or parses, and the pure test files that pin it.
// Pure means no database: the fast suite alone must kill its mutants (the parity tests keep proving PostgreSQL agrees).

export interface CoreModule {
  file: string;
  tests: string[];
}

export const MUTATION_GOAL = 90;

export const CORE_MODULES: CoreModule[] = [
  { file: 'src/correlate/confidence.ts', tests: ['test/confidence.test.ts', 'test/correlation-logic.test.ts'] },
  { file: 'src/core/cidr.ts', tests: ['test/cidr.test.ts', 'test/correlation-logic.test.ts'] },
  { file: 'src/decide/guardrails.ts', tests: ['test/guardrails.test.ts', 'test/correlation-logic.test.ts'] },
  { file: 'src/core/wire-format.ts', tests: ['test/wire-format.test.ts'] },
  { file: 'src/ingest/adapters/vector.ts', tests: ['test/vector.test.ts'] },
  { file: 'src/ingest/adapters/jsonpath.ts', tests: ['test/jsonpath.test.ts'] },
  { file: 'src/aggregate/dedup.ts', tests: ['test/aggregator-dedup.test.ts'] },
  { file: 'src/correlate/policy-layers.ts', tests: ['test/policy-layers.test.ts'] },
  { file: 'src/correlate/correlation-config.ts', tests: ['test/correlation-config.test.ts'] },
  { file: 'src/score/formula.ts', tests: ['test/trust-score-formula.test.ts'] },
  { file: 'src/core/blocklist-hash.ts', tests: ['test/sensor-blocklist-logic.test.ts'] },
  { file: 'src/distribute/sensor-entries.ts', tests: ['test/sensor-blocklist-logic.test.ts'] },
  { file: 'src/distribute/crowdsec-decisions.ts', tests: ['test/crowdsec-decisions.test.ts'] },
  { file: 'src/distribute/bgp/routes.ts', tests: ['test/bgp-routes.test.ts'] },
  { file: 'src/distribute/bgp/route-codec.ts', tests: ['test/bgp-routes.test.ts'] },
  { file: 'src/distribute/bgp/route-set.ts', tests: ['test/bgp-routes.test.ts'] },
  { file: 'src/distribute/rollout-plan.ts', tests: ['test/rollout-plan.test.ts'] },
  // The command state machine's transitions are SQL (command-queries.ts, pinned by test/fleet-commands.test.ts); what
  // TypeScript decides is each type's timeout and attempts.
  { file: 'src/distribute/command-types.ts', tests: ['test/fleet-command-logic.test.ts'] },
];
