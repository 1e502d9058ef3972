// The admin tables' destructive button (revoke a key, delete a user): asks the browser's confirm dialog with what the
// action does, and acts only on yes. Presentation only; the page passes the action.

import { Button } from '@mantine/core';

export function ConfirmDelete({ label, name, question, onConfirm }: {
  /** The button's text (`Revoke`, `Delete`). */
  label: string;
  /** Its accessible name, naming the row (`Revoke key edge-1`). */
  name: string;
  /** What the person confirms, consequences included. */
  question: string;
  onConfirm: () => void;
}) {
  return (
    <Button size="xs" color="red" variant="subtle" aria-label={name} onClick={() => { if (window.confirm(question)) onConfirm(); }}>{label}</Button>
  );
}
