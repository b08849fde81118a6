import { describe, expect, it } from 'vitest';
import { parseAgentMessage, ReportDelta } from '@safefleet/protocol';
import { encodeReport } from './delta.js';
import { sampleReport } from './fixtures/reports.js';

describe('encodeReport (delta reports)', () => {
  it('sends the report in full when there is no base', () => {
    const report = sampleReport(1);
    const e = encodeReport(report, undefined);
    expect(e.delta).toBe(false);
    expect(JSON.parse(e.text)).toEqual(report);
  });

  it('leaves out every group whose hash equals the base, and keeps the changed ones', () => {
    const first = encodeReport(sampleReport(1), undefined);
    const second = sampleReport(2);
    second.facts.apps.apps.push({ name: 'Signal', id: 'signal-desktop', source: 'dpkg' });
    const e = encodeReport(second, first.hashes);
    expect(e.delta).toBe(true);
    const parsed = parseAgentMessage(e.text);
    expect(parsed.ok && parsed.message?.type).toBe('report-delta');
    const msg = ReportDelta.parse(JSON.parse(e.text));
    expect(Object.keys(msg.facts).sort()).toEqual(['agentVersion', 'apps', 'collectedAt']);
    expect(msg.hashes.apps).not.toBe(first.hashes.apps);
    expect(msg.hashes.os).toBe(first.hashes.os);
    // Unchanged since: nothing but the header and the hashes.
    const third = encodeReport({ ...second, seq: 3 }, e.hashes);
    expect(Object.keys(ReportDelta.parse(JSON.parse(third.text)).facts).sort()).toEqual(['agentVersion', 'collectedAt']);
    expect(third.text.length).toBeLessThan(first.text.length);
  });
});
