// EXPLAIN (FORMAT JSON) plans as the plan-pinning tests read them: every node of a plan tree in one list.
// Pure: the tests run EXPLAIN themselves.

/** The plan node and all the nodes below it, depth first. */
export function planNodes(plan: any): any[] {
  return [plan, ...(plan.Plans ?? []).flatMap(planNodes)];
}
