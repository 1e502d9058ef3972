// Key revocations heard from PostgreSQL (NOTIFY on quorum_keys): every hub forgets the key and re-verifies its sessions.
// A wake-up only: the key's row stays the truth, re-read before any session is closed.

import type { NotificationListener } from '../db/notifications.ts';
import { KEY_REVOCATION_CHANNEL, type KeyStore } from './key-store.ts';

/** Live sessions that authenticated with a key (the sensor gateway's). */
export interface KeySessions {
  recheckKey(keyId: string): void;
  recheckAll(): void;
}

export function watchKeyRevocations(deps: {
  notifications: Pick<NotificationListener, 'on' | 'onReconnect'>;
  keys: Pick<KeyStore, 'forget' | 'forgetAll'>;
  sessions: KeySessions;
}): void {
  deps.notifications.on(KEY_REVOCATION_CHANNEL, (keyId) => {
    deps.keys.forget(keyId);
    deps.sessions.recheckKey(keyId);
  });
  // Revocations while the connection was down went unheard: forget every cached key and re-read every session's.
  deps.notifications.onReconnect(() => {
    deps.keys.forgetAll();
    deps.sessions.recheckAll();
  });
}
