// The one rule for text that crosses the trust boundary: valid UTF-16 (no lone surrogate) and no NUL character.
// PostgreSQL text cannot hold either; checked here so a request is refused with a 400, never a database error.

/** Why a string breaks the text rule, or null when it is clean. */
export function textFault(s: string): 'lone_surrogate' | 'nul' | null {
  if (!s.isWellFormed()) return 'lone_surrogate';
  if (s.includes('\u0000')) return 'nul';
  return null;
}

/** A readable sentence for a fault found by textFault. */
export function textFaultMessage(fault: 'lone_surrogate' | 'nul'): string {
  return fault === 'nul' ? 'must not contain the character U+0000' : 'must be valid Unicode (it holds a lone surrogate)';
}
