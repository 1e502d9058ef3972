// The hub's answers as the dashboard's pages read them: types taken from the OpenAPI document (schema.d.ts), by path.
// Never a hand-written copy of a response shape; a route without a 200 schema has no type here.

import type { paths } from '../../api/schema';

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;

/** The 200 (or 201) JSON answer of `method` on `path`. */
export type Answer<P extends keyof paths, M extends 'get' | 'post' | 'put' | 'delete'> =
  paths[P][M] extends { responses: infer R }
    ? R extends { 200: infer A } ? Json<A> : R extends { 201: infer A } ? Json<A> : never
    : never;

export type Mitigation = Answer<'/v1/mitigations', 'get'>['mitigations'][number];
export type MitigationDetail = Answer<'/v1/mitigations/{id}', 'get'>;
export type SignalGroup = Answer<'/v1/signal-groups', 'get'>['signal_groups'][number];
export type GroupDetail = Answer<'/v1/signal-groups/{id}', 'get'>;
export type Replay = Answer<'/v1/config/correlation/replay', 'post'>;
export type ReplayDecision = Replay['current'][number];
export type Block = Answer<'/v1/blocks', 'get'>['blocks'][number];
export type PolicyVersion = NonNullable<Answer<'/v1/config/correlation/versions', 'get'>['versions']>[number];
export type FleetSensor = Answer<'/v1/sensors', 'get'>['sensors'][number];
export type FleetCommand = Answer<'/v1/commands', 'get'>['commands'][number];
export type Rollout = Answer<'/v1/rollouts', 'get'>['rollouts'][number];
export type RolloutSensor = Answer<'/v1/rollouts/{id}', 'get'>['sensors'][number];
