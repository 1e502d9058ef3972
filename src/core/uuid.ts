// The shape of a UUID in text (any version, any case): checked before an id from outside reaches a uuid column, where
// PostgreSQL would refuse it with an error instead of finding nothing.

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (text: string): boolean => UUID_TEXT.test(text);
