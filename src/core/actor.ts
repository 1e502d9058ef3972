// Who acted, as log lines and explanations name a principal: a user by name, an API key by its id.
// One place for it, so every operator line and every stored explanation says it alike.

import type { Principal } from './types.ts';

type Actor = Pick<Principal, 'keyId' | 'user'>;

/** The `by` of an operator log line: the user's name, or the key's id. */
export const actorName = (who: Actor): string => who.user?.username ?? who.keyId;

/** Who acted, as explanations and reasons name them: `API key <id>` or `user <username>`. */
export const actorLabel = (who: Actor): string => (who.user ? `user ${who.user.username}` : `API key ${who.keyId}`);
