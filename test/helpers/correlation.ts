// Helpers for correlation tests: the shared fixtures, a config built from the shipped default, and waiting for the engine.
// Reads fixtures only; never changes them.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { DEFAULT_CONFIG_YAML } from '../../src/correlate/correlation-config.ts';
import type { TestHub } from './hub.ts';

// Verbatim copies of the team's captured payloads (../shared/fixtures), kept in the repo so a clean clone's CI has them.
export const FIXTURES = process.env.QUORUM_FIXTURES ?? path.resolve(import.meta.dirname, '../fixtures');

export function fixtureJson(rel: string): any {
  return JSON.parse(readFileSync(path.join(FIXTURES, rel), 'utf8'));
}

export function fixtureText(rel: string): string {
  return readFileSync(path.join(FIXTURES, rel), 'utf8');
}

/** The shipped default config with correlation enabled and the given top-level settings replaced. */
export function shippedConfig(over: Record<string, unknown> = {}): Record<string, any> {
  return { ...YAML.parse(DEFAULT_CONFIG_YAML), enabled: true, ...over };
}

/** PUTs a config through the API and fails loudly when the hub refuses it. */
export async function putConfig(hub: TestHub, config: unknown): Promise<void> {
  const res = await hub.request('PUT', '/v1/config/correlation', { key: hub.adminKey, body: config });
  if (res.status !== 200) throw new Error(`config PUT failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Posts and then waits until the engine has handled everything committed so far. */
export async function post(hub: TestHub, url: string, body: unknown, key = hub.adminKey) {
  const res = await hub.request('POST', url, { key, body });
  await hub.correlation.caughtUp();
  return res;
}

/** A FastNetMon JSON notification as the advanced edition sends it. */
export function fastnetmonBan(ip: string, over: Record<string, unknown> = {}, details: Record<string, unknown> = {}) {
  return {
    action: 'ban', ip, alert_scope: 'host',
    attack_details: {
      attack_uuid: 'a4f7b4a4-0d5c-4c2e-9f1e-3b1b2c3d4e5f', attack_severity: 'middle', attack_direction: 'incoming',
      incoming_udp_pps: 950000, incoming_tcp_pps: 1000, incoming_syn_tcp_pps: 10, incoming_icmp_pps: 0,
      total_incoming_pps: 951000, total_incoming_traffic_bits: 1200000000, ...details,
    },
    ...over,
  };
}
