// The addresses no block may cover: the hub's own (its interfaces and listen address) and registered sensors'.
// Sensors come from an injected function so the sensor registry can be wired in without this module knowing it.

import { networkInterfaces } from 'node:os';
import { parseCidr } from './cidr.ts';
import type { ProtectedAddress } from './guardrails.ts';

export type SensorAddressSource = () => string[] | Promise<string[]>;

export function createProtectedAddresses(deps: { listenHost: string; sensorAddresses?: SensorAddressSource; interfaces?: () => string[] }) {
  const interfaces = deps.interfaces ?? (() => Object.values(networkInterfaces()).flat().filter((i) => i !== undefined).map((i) => i.address));
  return async (): Promise<ProtectedAddress[]> => {
    const own = interfaces().map((a) => ({ cidr: a, why: 'an address of this hub' }));
    const listen = parseCidr(deps.listenHost);
    // 0.0.0.0 and :: mean "every interface", already listed; as a prefix /32 or /128 they would protect nothing real.
    if (listen && listen.network !== 0n) own.push({ cidr: deps.listenHost, why: 'the hub listen address' });
    const sensors = deps.sensorAddresses ? await deps.sensorAddresses() : [];
    return [...own, ...sensors.map((a) => ({ cidr: a, why: 'a registered sensor' }))];
  };
}
