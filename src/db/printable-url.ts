// A database URL as it may be printed or logged: the password replaced by ***, never shown.
// Used by the start banner and by the container's wait for the database.

/** The URL with its password (if any) replaced by `***`; a text that is no URL is never echoed. */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(not a valid URL)';
  }
}
