import { describe, expect, it } from 'vitest';
import { channelTable } from './console.models.ts';

describe('the console table of counts', () => {
  it('given two people who acknowledged on two channels each, the total row counts two people acknowledged, not four steps', () => {
    const counts = [
      { channel: 'sms' as const, status: 'acknowledged' as const, count: 2 },
      { channel: 'voice' as const, status: 'acknowledged' as const, count: 2 },
      { channel: 'sms' as const, status: 'failed' as const, count: 1 },
    ];
    const table = channelTable(counts, { acknowledgedPeople: 2 });
    expect(table.rows.map((row) => [row.channel, row.counts.acknowledged])).toEqual([
      ['voice', 2],
      ['sms', 2],
    ]);
    expect(table.total.acknowledged).toBe(2);
    expect(table.total.failed).toBe(1);
  });
});
