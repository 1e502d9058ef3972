import YAML from 'yaml';
import { createSimulation } from '../src/correlate/replay.ts';
import { validateCorrelationConfig, DEFAULT_CONFIG_YAML } from '../src/correlate/correlation-config.ts';
const base = validateCorrelationConfig({ ...YAML.parse(DEFAULT_CONFIG_YAML), enabled: true });
const cand = YAML.parse(DEFAULT_CONFIG_YAML); cand.enabled = true; cand.playbooks[0].correlation = { min_sources: 1, confidence_threshold: 0.85 };
const c = validateCorrelationConfig(cand);
if (!base.ok || !c.ok) throw new Error('x');
const facts = { safelist: [], protectedAddresses: [] };
const s1 = createSimulation(base.config, facts), s2 = createSimulation(c.config, facts);
const n = 200_000, since = Date.now() - 7200_000;
const mem = () => { (globalThis as any).gc(); return Math.round(process.memoryUsage().heapUsed / 1048576); };
console.log('start', mem());
for (let i = 0; i < n; i++) {
  const victim = `10.${(i >> 8) & 63}.${i & 255}.${(i >> 14) & 255}`;
  const row = { id: String(i), source: i % 2 ? 'alertmanager' : 'fastnetmon', subjectType: 'ip', subjectId: victim, key: 'ddos.attack',
    value: { value: 0.7 + (i % 3) / 10, vector: ['udp_flood', 'syn_flood', 'icmp_flood'][i % 3], external_id: `attack-${i}` }, severity: 'high',
    observedAt: new Date(since + Math.floor((i / n) * 3600_000)).toISOString(), ttlSeconds: 3600, signalId: null };
  s1.feed(row as any); s2.feed(row as any);
  if (i % 50000 === 0) console.log(i, mem(), s1.decisions().length, s2.decisions().length);
}
console.log('end', mem(), s1.decisions().length, s2.decisions().length);
const d = s2.decisions();
console.log(JSON.stringify(d[1000]), JSON.stringify(d[1000]).length);
