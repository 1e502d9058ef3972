// Renders the Markdown incident report of a mitigation: summary, timeline, signals, correlation, actions.
// Pure: works only from the stored rows (the explanation frozen at decision time), never from the current config.

import type { GroupRow, MemberRow } from '../correlate/group-queries.ts';
import type { MitigationRow } from '../decide/mitigation-queries.ts';

export interface IncidentInput {
  mitigation: MitigationRow;
  group: GroupRow | null;
  members: MemberRow[];
  rejections: { code: string; reason: string; rejected_at: string }[];
}

/** Any stored time (PostgreSQL text or ISO) as RFC 3339 UTC, so the report reads and sorts uniformly. */
const ts = (t: string) => new Date(t).toISOString();
const cell = (v: unknown) => String(v ?? '').replaceAll('|', '\\|').replaceAll('\n', ' ');

export function renderIncidentReport({ mitigation: m, group, members, rejections }: IncidentInput): string {
  const e = m.explanation;
  const lines: string[] = [];
  lines.push(`# Incident report: ${m.action} ${m.indicator}`, '');
  lines.push('## Summary', '');
  lines.push(`- Mitigation: \`${m.id}\` (${m.origin}), status **${m.status}**`);
  lines.push(`- Indicator: \`${m.indicator}\`, TTL ${m.ttl_seconds} s, expires ${ts(m.expires_at)}${m.extended_count ? ` (extended ${m.extended_count}×)` : ''}`);
  if (m.rule) lines.push(`- Rule: \`${m.rule}\`, playbook: \`${m.playbook}\``);
  lines.push(`- Why: ${e.text}`);
  if (m.rejection_code) lines.push(`- Rejected by guardrail \`${m.rejection_code}\`: ${m.rejection_reason}`);
  lines.push('');

  const timeline: [string, string][] = members.map((s) => [ts(s.observed_at), `signal ${s.signal_id} from ${s.source} (${s.signal_key}, confidence ${s.confidence.toFixed(2)})`]);
  // An automatic block has no group: its contributing signals are the ones its explanation names.
  const threats = e.kind === 'automatic' ? e.signals ?? [] : [];
  for (const t of threats) timeline.push([ts(t.observed_at), `signal ${t.id} from ${t.source} (confidence ${t.confidence.toFixed(2)})`]);
  if (group) timeline.push([ts(group.opened_at), `group \`${group.id}\` opened for ${JSON.stringify(group.group_fields)}`]);
  timeline.push([ts(m.created_at), m.status === 'rejected' ? 'decision rejected by a guardrail' : `mitigation created: ${m.action} ${m.indicator}`]);
  for (const r of rejections) timeline.push([ts(r.rejected_at), `guardrail ${r.code}: ${r.reason}`]);
  if (m.ended_at) timeline.push([ts(m.ended_at), `mitigation ${m.status}: ${m.end_reason ?? ''}`]);
  timeline.sort((a, b) => a[0].localeCompare(b[0]));
  lines.push('## Timeline', '', ...timeline.map(([at, what]) => `- ${at} — ${what}`), '');

  lines.push('## Signals', '');
  if (threats.length > 0) {
    lines.push('| id | source | confidence | observed at |', '|---|---|---|---|');
    for (const t of threats) lines.push(`| ${t.id} | ${cell(t.source)} | ${t.confidence.toFixed(2)} | ${ts(t.observed_at)} |`);
  } else if (members.length === 0) lines.push('No correlated signals (manual decision).');
  else {
    lines.push('| id | source | subject | key | confidence | observed at |', '|---|---|---|---|---|---|');
    for (const s of members) lines.push(`| ${s.signal_id} | ${cell(s.source)} | ${cell(`${s.subject_type}:${s.subject_id}`)} | ${cell(s.signal_key)} | ${s.confidence.toFixed(2)} | ${ts(s.observed_at)} |`);
  }
  lines.push('');

  lines.push('## Correlation', '');
  if (e.kind === 'correlation' && e.thresholds) {
    lines.push(`- Thresholds at decision time: min sources ${e.thresholds.min_sources}, confidence threshold ${e.thresholds.confidence_threshold}, window ${e.thresholds.window_seconds} s, decay half-life ${e.thresholds.decay_half_life_seconds} s`);
    lines.push(`- Derived confidence ${e.derived_confidence} from ${e.distinct_sources} distinct source(s):`);
    for (const s of e.sources ?? []) lines.push(`  - ${s.source}: confidence ${s.confidence}, weight ${s.weight} (signal ${s.signal_id})`);
  } else if (e.kind === 'automatic' && e.auto_blocklist) {
    const a = e.auto_blocklist;
    lines.push(`- Automatic decision (auto-blocklist): ${a.threat_types.join(', ')} at least ${a.min_severity}, confidence ≥ ${a.min_confidence}, TTL ${a.ttl_seconds} s; no correlation`);
  } else lines.push('Manual decision: no correlation.');
  lines.push('');

  lines.push('## Actions', '');
  lines.push(`- ${ts(m.created_at)}: ${m.status === 'rejected' ? 'no block (rejected)' : `block ${m.indicator} until ${ts(m.expires_at)}`}`);
  if (m.ended_at && m.status !== 'rejected') lines.push(`- ${ts(m.ended_at)}: ${m.status} — ${m.end_reason ?? ''}`);
  lines.push('');
  return lines.join('\n');
}
