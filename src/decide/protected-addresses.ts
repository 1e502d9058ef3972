// The addresses no block of a tenant may cover: the hub's own (its interfaces and listen address) and that tenant's sensors'.
// Never another tenant's sensors: protecting them would let A keep B from blocking an address and tell B where A's sensors are.

import { networkInterfaces } from 'node:os';
import { parseCidr } from '../core/cidr.ts';
import type { ProtectedAddress } from './guardrails.ts';

/** The addresses of one tenant's connected sensors; injected so the sensor registry can be wired in without this module knowing it. */
export type SensorAddressSource = (tenantId: string) => string[] | Promise<string[]>;

export function createProtectedAddresses(deps: { listenHost: string; sensorAddresses?: SensorAddressSource; interfaces?: () => string[] }) {
  const interfaces = deps.interfaces ?? (() => Object.values(networkInterfaces()).flat().filter((i) => i !== undefined).map((i) => i.address));
  /** Without a tenant, the hub's own addresses only. */
  return async (tenantId?: string): Promise<ProtectedAddress[]> => {
    const own = interfaces().map((a) => ({ cidr: a, why: 'an address of this hub' }));
    const listen = parseCidr(deps.listenHost);
    // 0.0.0.0 and :: mean "every interface", already listed; as a prefix /32 or /128 they would protect nothing real.
    if (listen && listen.network !== 0n) own.push({ cidr: deps.listenHost, why: 'the hub listen address' });
    const sensors = deps.sensorAddresses && tenantId !== undefined ? await deps.sensorAddresses(tenantId) : [];
    return [...own, ...sensors.map((a) => ({ cidr: a, why: 'a registered sensor' }))];
  };
}
