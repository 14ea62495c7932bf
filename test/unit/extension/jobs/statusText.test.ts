import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatAggregateText,
  formatJobText,
  formatProgress,
  formatQueuePosition,
  shorten,
  withoutIcons,
} from '../../../../src/extension/jobs/statusText';

describe('status bar text', () => {
  it('formats progress as a clamped whole percentage', () => {
    assert.equal(formatProgress(undefined), undefined);
    assert.equal(formatProgress(Number.NaN), undefined);
    assert.equal(formatProgress(39.6), '40%');
    assert.equal(formatProgress(140), '100%');
    assert.equal(formatProgress(-1), '0%');
  });

  it('shows one job as icon, name, progress and elapsed time', () => {
    assert.equal(
      formatJobText({ name: 'cat.png', phase: 'running', progress: 40, elapsedMs: 72_000 }),
      '$(loading~spin) cat.png 40% · 1:12',
    );
    assert.equal(
      formatJobText({ name: 'cat.png', phase: 'preparing', elapsedMs: 3_000 }),
      '$(loading~spin) cat.png · 0:03',
    );
    assert.equal(formatJobText({ name: 'cat.png', phase: 'queued-here', elapsedMs: 0 }), '$(clock) cat.png · 0:00');
  });

  it("shows how many are ahead in the provider's queue while queued there, in the display language", () => {
    assert.equal(
      formatJobText({ name: 'cat.png', phase: 'queued', queuePosition: 3, elapsedMs: 72_000 }),
      '$(loading~spin) cat.png queued · 3 ahead · 1:12',
    );
    assert.equal(
      formatJobText(
        { name: 'cat.png', phase: 'queued', queuePosition: 3, elapsedMs: 72_000 },
        '排队中 · 前面还有 {0} 个',
      ),
      '$(loading~spin) cat.png 排队中 · 前面还有 3 个 · 1:12',
    );
    assert.equal(
      formatJobText({ name: 'cat.png', phase: 'queued', queuePosition: 0, elapsedMs: 0 }),
      '$(loading~spin) cat.png queued · 0 ahead · 0:00',
    );
    // Without a position, or once running, nothing about a queue is shown.
    assert.equal(formatJobText({ name: 'cat.png', phase: 'queued', elapsedMs: 0 }), '$(loading~spin) cat.png · 0:00');
    assert.equal(
      formatJobText({ name: 'cat.png', phase: 'running', queuePosition: 3, progress: 5, elapsedMs: 0 }),
      '$(loading~spin) cat.png 5% · 0:00',
    );
    assert.equal(formatQueuePosition({ phase: 'queued', queuePosition: 2.6 }, '{0} ahead'), '3 ahead');
    assert.equal(formatQueuePosition({ phase: 'queued', queuePosition: Number.NaN }, '{0} ahead'), undefined);
  });

  it('aggregates several jobs: count, average known progress, longest time', () => {
    const jobs = [
      { name: 'a.png', phase: 'running' as const, progress: 20, elapsedMs: 10_000 },
      { name: 'b.png', phase: 'running' as const, progress: 60, elapsedMs: 130_000 },
      { name: 'c.png', phase: 'preparing' as const, elapsedMs: 1_000 },
    ];
    assert.equal(formatAggregateText(jobs, '{0} jobs'), '$(loading~spin) 3 jobs 40% · 2:10');
    assert.equal(formatAggregateText(jobs.slice(2), '{0} 个任务'), '$(loading~spin) 1 个任务 · 0:01');
  });

  it('drops icons for screen readers', () => {
    assert.equal(withoutIcons('$(loading~spin) cat.png 40% · 1:12'), 'cat.png 40% · 1:12');
  });

  it('shortens long names but keeps the extension', () => {
    assert.equal(shorten('cat.png', 32), 'cat.png');
    const short = shorten('a-very-long-holiday-photo-from-the-beach-2024.jpeg', 24);
    assert.equal(short.length, 24);
    assert.ok(short.endsWith('….jpeg'), short);
  });
});
