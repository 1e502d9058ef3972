// Renders the Markdown incident report of a mitigation, or of an incident (a corroborated group that blocks nothing):
// summary, timeline, signals, correlation, actions. Pure: works only from the stored rows (the explanation frozen at
// decision time), never from the current config.

import type { Explanation } from '../correlate/explanation.ts';
import type { GroupRow, MemberRow } from '../correlate/group-queries.ts';
import type { MitigationRow } from '../decide/mitigation-queries.ts';
import type { IncidentView } from './incident-view.ts';

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
  else lines.push(...memberTable(members));
  lines.push('');

  lines.push('## Correlation', '');
  if (e.kind === 'correlation' && e.thresholds) lines.push(...correlationLines(e));
  else if (e.kind === 'automatic' && e.auto_blocklist) {
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

/** The signals of a group as a Markdown table. */
function memberTable(members: MemberRow[]): string[] {
  return ['| id | source | subject | key | severity | confidence | observed at |', '|---|---|---|---|---|---|---|',
    ...members.map((s) => `| ${s.signal_id} | ${cell(s.source)} | ${cell(`${s.subject_type}:${s.subject_id}`)} | ${cell(s.signal_key)} | ${s.severity ?? ''} | ${s.confidence.toFixed(2)} | ${ts(s.observed_at)} |`)];
}

/** The gate in force and the sources that met it, as the explanation froze them. */
function correlationLines(e: Explanation): string[] {
  const t = e.thresholds!;
  return [
    `- Thresholds at decision time: min sources ${t.min_sources}, confidence threshold ${t.confidence_threshold}, window ${t.window_seconds} s, decay half-life ${t.decay_half_life_seconds} s`,
    `- Derived confidence ${e.derived_confidence} from ${e.distinct_sources} distinct source(s):`,
    ...(e.sources ?? []).map((s) => `  - ${s.source}: confidence ${s.confidence}, weight ${s.weight} (signal ${s.signal_id})`),
  ];
}

export interface GroupIncidentInput {
  /** The incident as the API shows it (a TTL that passed reads closed, before the sweep too). */
  incident: IncidentView & { explanation: Explanation };
  group: GroupRow;
  members: MemberRow[];
}

/** The report of an incident: the same sections as a mitigation's, its action "incident opened", nothing blocked. */
export function renderGroupIncidentReport({ incident: i, group, members }: GroupIncidentInput): string {
  const e = i.explanation;
  const lines: string[] = [`# Incident report: incident on ${i.subject_type} ${i.subject_id}`, ''];
  lines.push('## Summary', '');
  lines.push(`- Incident: \`${i.id}\` (correlation), status **${i.status}**; nothing blocked`);
  lines.push(`- Subject: \`${i.subject_type}:${i.subject_id}\`, open until ${i.ttl_seconds} s after its last report (${ts(i.last_signal_at)})`);
  lines.push(`- Rule: \`${i.rule}\`, playbook: \`${i.playbook}\``);
  lines.push(`- Why: ${e.text}`, '');

  const timeline: [string, string][] = members.map((s) => [ts(s.observed_at), `signal ${s.signal_id} from ${s.source} (${s.signal_key}, ${s.severity ?? 'no severity'})`]);
  timeline.push([ts(group.opened_at), `group \`${group.id}\` opened for ${JSON.stringify(group.group_fields)}`]);
  timeline.push([ts(i.opened_at), 'incident opened']);
  if (i.closed_at) timeline.push([ts(i.closed_at), `incident closed: ${i.close_reason ?? ''}`]);
  timeline.sort((a, b) => a[0].localeCompare(b[0]));
  lines.push('## Timeline', '', ...timeline.map(([at, what]) => `- ${at} — ${what}`), '');
  lines.push('## Signals', '', ...memberTable(members), '');
  lines.push('## Correlation', '', ...(e.thresholds ? correlationLines(e) : []), '');
  lines.push('## Actions', '');
  lines.push(`- ${ts(i.opened_at)}: incident opened (no block)`);
  if (i.closed_at) lines.push(`- ${ts(i.closed_at)}: closed — ${i.close_reason ?? ''}`);
  lines.push('');
  return lines.join('\n');
}
