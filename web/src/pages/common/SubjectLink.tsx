// A subject as a link to its page (/subjects/:type/:id): how every list makes a subject's state one click away.
// Presentation only.

import { Anchor } from '@mantine/core';
import { Link } from 'react-router';

/** The deep link of a subject's page. */
export function subjectPath(type: string, id: string): string {
  return `/subjects/${encodeURIComponent(type)}/${encodeURIComponent(id)}`;
}

export function SubjectLink({ type, id }: { type: string; id: string }) {
  return <Anchor component={Link} to={subjectPath(type, id)} ff="monospace" size="sm">{type}/{id}</Anchor>;
}
