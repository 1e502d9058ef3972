// Whether the signed-in person may act on mitigations and blocks (responder, admin, operator; a key with the scope).
// Only hides buttons: the hub refuses the write anyway (403) to anyone without `mitigation:write`.

/** Until the session hook lands every page shows the buttons; the hub's 403 is then the answer. */
export function useMayRespond(): boolean {
  return true;
}
