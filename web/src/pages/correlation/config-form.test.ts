import { describe, expect, test } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { candidateOf, fieldErrors, formFrom, sourceWeights } from './config-form.ts';

const effective = { enabled: false, window_seconds: 300, min_sources: 2, confidence_threshold: 0.7, default_weight: 1, sources: { fastnetmon: { weight: 1 }, alertmanager: { weight: 0.8 } } };

describe('the Config tab logic', () => {
  test('the form starts from the effective policy', () => {
    expect(formFrom(effective)).toEqual({ enabled: false, window_seconds: 300, min_sources: 2, confidence_threshold: 0.7, default_weight: 1 });
  });

  test('the candidate is the overrides document with only the changed fields set', () => {
    const form = { ...formFrom(effective), min_sources: 3, enabled: true };
    expect(candidateOf('{"guardrails": {"safelist": ["192.0.2.0/24"]}}', form, formFrom(effective)))
      .toEqual({ ok: true, doc: { guardrails: { safelist: ['192.0.2.0/24'] }, min_sources: 3, enabled: true } });
    expect(candidateOf('', formFrom(effective), formFrom(effective))).toEqual({ ok: true, doc: {} });
  });

  test('a document that is not a JSON object is refused before it reaches the hub', () => {
    expect(candidateOf('[1]', {}, {})).toEqual({ ok: false, error: 'the overrides document must be a JSON object' });
    expect(candidateOf('{', {}, {}).ok).toBe(false);
  });

  test("the hub's errors go to their field; paths inside sections are listed", () => {
    const err = new ApiError(400, 'invalid_correlation_config', 'correlation config has 2 error(s)', {
      errors: [{ field: 'min_sources', rule: 'correlation_config', message: 'must be an integer ≥ 1' }, { field: 'playbooks[0].end_when', message: 'must be one of all_sources_ended, any_source_ended' }],
    });
    expect(fieldErrors(err)).toEqual({ fields: { min_sources: 'must be an integer ≥ 1' }, others: ['playbooks[0].end_when: must be one of all_sources_ended, any_source_ended'] });
    expect(fieldErrors(null)).toEqual({ fields: {}, others: [] });
  });

  test('sources show their configured weight, a source only seen shows the default weight', () => {
    expect(sourceWeights(effective, ['crowdsec', 'fastnetmon'])).toEqual([
      { source: 'alertmanager', weight: 0.8, configured: true },
      { source: 'crowdsec', weight: 1, configured: false },
      { source: 'fastnetmon', weight: 1, configured: true },
    ]);
  });
});
