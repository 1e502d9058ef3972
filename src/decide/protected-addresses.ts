// The addresses no block of a tenant may cover: the hub's own (its interfaces and listen address) and that tenant's sensors'.
// Never another tenant's sensors: protecting them would let A keep B from blocking an address and tell B where A's sensors are.

import { networkInterfaces } from 'node:os';
import { parseCidr } from '../core/cidr.ts';
import type { ProtectedAddress } from './guardrails.ts';

/** The addresses of one tenant's registered sensors; injected so the sensor registry can be wired in without this module knowing it. */
export type SensorAddressSource = (tenantId: string) => string[] | Promise<string[]>;

/**
 * A tenant's registered sensors as every hub on the database sees them (`registered`, read at most once per `cacheMs`
 * per tenant) joined with the sessions open on this hub (`connectedHere`, exact at once). A sensor that connects to
 * another hub is protected here within `cacheMs`.
 */
export function cachedSensorAddresses(deps: { registered: (tenantId: string) => Promise<string[]>; connectedHere: (tenantId: string) => string[]; cacheMs: number }): SensorAddressSource {
  const cache = new Map<string, { until: number; addresses: Promise<string[]> }>();
  return async (tenantId) => {
    // Monotonic time, not the hub clock: a test's frozen clock would keep the cache forever.
    const now = performance.now();
    let entry = cache.get(tenantId);
    if (!entry || entry.until <= now) {
      entry = { until: now + deps.cacheMs, addresses: deps.registered(tenantId) };
      cache.set(tenantId, entry);
      // A failed read is not kept: the next decision asks again (and this one fails, never deciding without the list).
      const asked = entry;
      asked.addresses.catch(() => { if (cache.get(tenantId) === asked) cache.delete(tenantId); });
    }
    return [...new Set([...await entry.addresses, ...deps.connectedHere(tenantId)])];
  };
}

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
