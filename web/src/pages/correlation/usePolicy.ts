// The tenant's effective correlation policy (GET /v1/config/correlation), one cached query for every tab that reads it.
// Read-only; the Config tab writes through its own mutations and refreshes this.

import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';

export const POLICY_KEY = ['/v1/config/correlation'] as const;

export function usePolicy() {
  return useQuery({ queryKey: POLICY_KEY, queryFn: async () => unwrap(await api.GET('/v1/config/correlation')) });
}
