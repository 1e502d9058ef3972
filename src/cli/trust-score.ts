// `quorum trust-score [--subject type/id]`, `trust-score worst`, `trust-score recompute`: the tenant's Trust Score
// through a running hub's API, as the key's tenant. Exit codes as `quorum blocks`; never prints the key.

import { Command, Option } from 'commander';
import { action, clientOf, withHubOptions, type HubOptions } from './hub-client.ts';
import { parseSubject, positiveInt } from './args.ts';
import { emit, table, timeText } from './output.ts';

const RANGES = ['7d', '30d', '90d', '365d'];

interface Finding { kind: string; id: string; source: string; signal_key: string; severity: string | null; value: unknown }
interface Loss { finding: Finding; category: string; points_lost: number; subject_type?: string; subject_id?: string }
interface Category { name: string; weight: number; score: number; findings: number }
interface Trend { range: string; start: number | null; delta: number | null }
interface TenantAnswer { basis: string; computed_at: string; score: number; subjects: number; categories: Category[]; top_losses: Loss[]; trend: Trend }
interface SubjectAnswer { subject_type: string; subject_id: string; score: number; inputs_hash: string; categories: Category[]; losses: Loss[]; unmapped: Finding[]; trend: Trend }
interface WorstAnswer { computed_at: string | null; subjects: { subject_type: string; subject_id: string; score: number; top_loss: Loss | null }[] }
interface RecomputeAnswer { computed_at: string; score: number; subjects: number; removed: number; mode: string; rescored: number }

const signed = (x: number) => (x > 0 ? `+${x}` : String(x));
const trendLine = (t: Trend) => (t.delta === null ? `${t.range}: no earlier score` : `${t.range}: ${signed(t.delta)} since ${t.start}`);
const valueText = (v: unknown) => (v === null || v === undefined ? '-' : JSON.stringify(v).slice(0, 40));
const categoryTable = (cs: Category[]) => table(['CATEGORY', 'WEIGHT', 'SCORE', 'FINDINGS'], cs.map((c) => [c.name, c.weight.toFixed(4), c.score.toFixed(2), String(c.findings)]));
const lossTable = (ls: Loss[], withSubject: boolean) => table(
  ['POINTS', 'CATEGORY', ...(withSubject ? ['SUBJECT'] : []), 'SOURCE', 'KEY', 'SEVERITY', 'VALUE', 'ID'],
  ls.map((l) => [l.points_lost.toFixed(2), l.category, ...(withSubject ? [`${l.subject_type}/${l.subject_id}`] : []), l.finding.source, l.finding.signal_key,
    l.finding.severity ?? '-', valueText(l.finding.value), `${l.finding.kind === 'signal' ? '' : `${l.finding.kind} `}${l.finding.id}`]));

function tenantText(a: TenantAnswer): string {
  const basis = a.basis === 'live' ? 'computed now: no recompute yet' : `recompute ${timeText(a.computed_at, 'table')}`;
  return `Trust Score ${a.score.toFixed(2)} (${basis}, ${a.subjects} subjects; ${trendLine(a.trend)})\n\n${categoryTable(a.categories)}\n`
    + (a.top_losses.length ? `Top losses\n${lossTable(a.top_losses, true)}` : 'No points lost\n');
}

function subjectText(a: SubjectAnswer): string {
  const unmapped = a.unmapped.length ? `\nUnmapped sources (cost 0): ${[...new Set(a.unmapped.map((f) => f.source))].join(', ')}\n` : '';
  return `Trust Score of ${a.subject_type}/${a.subject_id}: ${a.score.toFixed(2)} (${trendLine(a.trend)})\n\n${categoryTable(a.categories)}\n`
    + (a.losses.length ? `Losses\n${lossTable(a.losses, false)}` : 'No points lost\n') + unmapped;
}

export function registerTrustScoreCommands(program: Command): Command {
  const cmd = withHubOptions(program.command('trust-score')
    .description("the tenant's Trust Score (or one subject's with --subject): the score, its category breakdown and the top losses"))
    .option('--subject <type/id>', "one subject's live score, every lost point listed")
    .addOption(new Option('--range <range>', 'trend range').choices(RANGES).default('30d'))
    .action(action(async (o: HubOptions & { subject?: string; range: string }) => {
      const subject = o.subject === undefined ? null : parseSubject(o.subject);
      const client = await clientOf(o);
      if (subject) {
        const a = await client.json<SubjectAnswer>({
          method: 'GET', path: `/v1/trust-score/subjects/${encodeURIComponent(subject.type)}/${encodeURIComponent(subject.id)}`, query: { range: o.range },
        });
        emit(o.output, a, () => subjectText(a));
      } else {
        const a = await client.json<TenantAnswer>({ method: 'GET', path: '/v1/trust-score/tenant', query: { range: o.range } });
        emit(o.output, a, () => tenantText(a));
      }
    }));
  // The subcommands take the hub options of `trust-score` itself (given before or after the subcommand's name).
  cmd.command('worst').description('the riskiest subjects of the latest recompute, lowest score first')
    .option('--limit <n>', 'subjects at most (1–1000)', '20')
    .action(action(async (_: unknown, sub: Command) => {
      const o = sub.optsWithGlobals<HubOptions & { limit: string }>();
      const limit = positiveInt(o.limit, '--limit', 1000);
      const a = await (await clientOf(o)).json<WorstAnswer>({ method: 'GET', path: '/v1/trust-score/subjects', query: { order: 'worst', limit } });
      emit(o.output, a, () => table(['SCORE', 'SUBJECT', 'TOP LOSS'], a.subjects.map((s) => [
        s.score.toFixed(2), `${s.subject_type}/${s.subject_id}`, s.top_loss ? `${s.top_loss.points_lost.toFixed(2)} ${s.top_loss.finding.source} ${s.top_loss.finding.signal_key}` : '-',
      ])) + (a.computed_at ? `from the recompute at ${a.computed_at}\n` : 'no recompute yet\n'));
    }));
  cmd.command('recompute').description("recompute the tenant's Trust Score now (a tenant admin key)")
    .action(action(async (_: unknown, sub: Command) => {
      const o = sub.optsWithGlobals<HubOptions>();
      const a = await (await clientOf(o)).json<RecomputeAnswer>({ method: 'POST', path: '/v1/trust-score/recompute' });
      emit(o.output, a, () => `recomputed at ${a.computed_at}: Trust Score ${a.score.toFixed(2)} over ${a.subjects} subjects `
        + `(${a.removed} without findings any more; ${a.mode}, ${a.rescored} scored)\n`);
    }));
  return cmd;
}
