import { createTraffic } from '../src/sdk/traffic.ts';
import { checkThreatSignal } from '../src/ingest/threat-signal.ts';
import { DEFAULT_THREAT_TTLS, threatToRow } from '../src/ingest/sensor-mapping.ts';
import { DEFAULT_VALIDATION } from '../src/core/wire-format.ts';
import type { ValidSignal } from '../src/core/types.ts';
const traffic = createTraffic('flood');
const sensor = { sensorId: 'bench', name: 'bench sensor', region: 'local', version: '1.0.0', kind: 'synapse' };
const now = new Date();
const raw = Array.from({ length: 200000 }, () => traffic.next());
console.log(JSON.stringify(raw[0]));
const threats = raw.map((r) => checkThreatSignal(r as never) as any);
const rows = threats.map((s) => threatToRow(s.signal ?? s, sensor, now, { ttls: DEFAULT_THREAT_TTLS, maxSkewMs: 0, validation: DEFAULT_VALIDATION }) as ValidSignal);
console.log(JSON.stringify(rows[0]));
const csv = (s: string) => (s.includes('"') ? `"${s.replaceAll('"', '""')}"` : `"${s}"`);
const csvOrNull = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? String(v) : csv(v));
function csvFields(s: ValidSignal): string {
  return [
    csv(s.source), csv(s.subjectType), csv(s.subjectId), csv(s.key), csv(JSON.stringify(s.value)),
    csvOrNull(s.severity), csv(s.observedAt), csvOrNull(s.ttlSeconds), csvOrNull(s.signalId),
  ].join(',');
}
const NEEDS = /[\t\n\r\\]/;
const text = (s: string) => (NEEDS.test(s) ? s.replace(/[\t\n\r\\]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : s);
const json = (v: unknown) => { const j = JSON.stringify(v); return j.includes('\\') ? j.replaceAll('\\', '\\\\') : j; };
const textOrNull = (v: string | number | null) => (v === null ? '\\N' : typeof v === 'number' ? String(v) : text(v));
function textFields(s: ValidSignal): string {
  return `${text(s.source)}\t${text(s.subjectType)}\t${text(s.subjectId)}\t${text(s.key)}\t${json(s.value)}\t${textOrNull(s.severity)}\t${s.observedAt}\t${textOrNull(s.ttlSeconds)}\t${textOrNull(s.signalId)}`;
}
for (let round = 0; round < 4; round++) {
  let t = performance.now(); let n = 0;
  for (const r of rows) n += csvFields(r).length;
  const a = performance.now() - t;
  t = performance.now(); let m = 0;
  for (const r of rows) m += textFields(r).length;
  const b = performance.now() - t;
  t = performance.now(); let k = 0;
  for (const r of rows) k += JSON.stringify(r.value).length;
  const c = performance.now() - t;
  console.log(`csv ${a.toFixed(0)} ms, text ${b.toFixed(0)} ms, stringify alone ${c.toFixed(0)} ms`, n, m);
}
