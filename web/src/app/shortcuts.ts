// Keyboard shortcuts for navigation: `g` then a page's letter goes there, `?` opens the help, `t` switches the theme.
// Pure key-sequence logic (tested in shortcuts.test.ts); never fires while the user types in a field.

/** A shortcut key sequence and what it does, as listed in the `?` help dialog. */
export interface Shortcut { keys: string; label: string }

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** True when a key press belongs to a field the user is typing in, not to the app. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (TYPING.has(el.tagName) || el.isContentEditable === true || el.getAttribute?.('role') === 'textbox');
}

/**
 * Follows `g <letter>` sequences: feed it each key; it answers the letter's target when the sequence completes, and
 * forgets a lone `g` after `timeoutMs` so a later letter does not jump.
 */
export function createSequence(targets: Record<string, string>, now: () => number = Date.now, timeoutMs = 1500) {
  let gAt = -Infinity;
  return (key: string): string | undefined => {
    if (key === 'g') { gAt = now(); return undefined; }
    const pending = now() - gAt <= timeoutMs;
    gAt = -Infinity;
    return pending ? targets[key] : undefined;
  };
}
