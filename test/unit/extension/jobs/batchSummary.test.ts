import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateCost } from '../../../../src/core/pricing';
import {
  addCounts,
  batchSummary,
  countBatch,
  formatBatchProgress,
  type BatchEnd,
  type SummaryWords,
} from '../../../../src/extension/jobs/batchSummary';
import { costDecision, describeCost } from '../../../../src/extension/cost/costText';
import { formatAggregateText } from '../../../../src/extension/jobs/statusText';

const words: SummaryWords = {
  done: '{0}/{1} done',
  failed: '{0} failed',
  cancelled: '{0} cancelled',
  waiting: '{0} still running',
  separator: ', ',
  allSaved: 'All {0} videos saved.',
  someSaved: '{0} of {1} videos saved.',
  failedSentence: '{0} failed: {1}.',
  cancelledSentence: '{0} cancelled.',
  waitingSentence: '{0} still running at the provider (resume from Show jobs).',
  reason: '{0} ({1})',
  more: 'and {0} more',
  sentenceSeparator: ' ',
};

const ok = (name: string): BatchEnd => ({ name, kind: 'succeeded' });
const failed = (name: string, message?: string): BatchEnd => ({
  name,
  kind: 'failed',
  ...(message ? { message } : {}),
});

describe('batch progress in the status bar', () => {
  it('reads "3/10 done, 1 failed"', () => {
    const counts = countBatch(10, [ok('a.png'), ok('b.png'), ok('c.png'), failed('d.png', 'blocked')]);
    assert.equal(formatBatchProgress(counts, words), '3/10 done, 1 failed');
  });

  it('names only what happened, and counts every kind of end', () => {
    assert.equal(formatBatchProgress(countBatch(4, []), words), '0/4 done');
    const counts = countBatch(5, [
      ok('a'),
      { name: 'b', kind: 'cancelled' },
      { name: 'c', kind: 'waiting' },
      failed('d'),
      failed('e'),
    ]);
    assert.deepEqual(counts, { total: 5, succeeded: 1, failed: 2, cancelled: 1, waiting: 1 });
    assert.equal(formatBatchProgress(counts, words), '1/5 done, 2 failed, 1 cancelled, 1 still running');
  });

  it('adds up two batches running at once', () => {
    assert.equal(addCounts([]), undefined);
    const sum = addCounts([countBatch(3, [ok('a')]), countBatch(2, [failed('b')])]);
    assert.ok(sum);
    assert.equal(formatBatchProgress(sum, words), '1/5 done, 1 failed');
  });

  it('goes after the existing aggregated text, which keeps its format', () => {
    const base = formatAggregateText(
      [
        { name: 'a.png', phase: 'running', progress: 40, elapsedMs: 70_000 },
        { name: 'b.png', phase: 'queued-here', elapsedMs: 1000 },
      ],
      '{0} jobs',
    );
    assert.equal(base, '$(loading~spin) 2 jobs 40% · 1:10');
  });
});

describe('batch summary notification', () => {
  it('is a plain info when every video was saved', () => {
    const summary = batchSummary(3, [ok('a.png'), ok('b.png'), ok('c.png')], words);
    assert.deepEqual([summary.text, summary.severity], ['All 3 videos saved.', 'info']);
  });

  it('names the failures with a short reason, and the rest of the outcomes', () => {
    const ends = [
      ok('a.png'),
      failed(
        'b.png',
        'OpenAI Videos (Sora 2) failed the job: Your request was blocked by our moderation system. (moderation_blocked) More text.',
      ),
      { name: 'c.png', kind: 'cancelled' as const },
      { name: 'd.png', kind: 'waiting' as const },
    ];
    const summary = batchSummary(4, ends, words);
    assert.equal(summary.severity, 'warning');
    assert.equal(
      summary.text,
      '1 of 4 videos saved. 1 failed: b.png (OpenAI Videos (Sora 2) failed the job: Your request was blocked by our moderation system). 1 cancelled. 1 still running at the provider (resume from Show jobs).',
    );
  });

  it('lists at most three failures and is an error when nothing was saved', () => {
    const ends = ['a', 'b', 'c', 'd', 'e'].map((n) => failed(`${n}.png`, 'No API key.'));
    const summary = batchSummary(5, ends, words);
    assert.equal(summary.severity, 'error');
    assert.equal(
      summary.text,
      '0 of 5 videos saved. 5 failed: a.png (No API key), b.png (No API key), c.png (No API key), and 2 more.',
    );
    assert.match(batchSummary(2, [ok('a'), failed('b.png')], words).text, /1 failed: b\.png\.$/);
  });

  it('keeps a notification short when a reason is very long', () => {
    const text = batchSummary(2, [ok('a'), failed('b.png', 'x'.repeat(500))], words).text;
    assert.ok(text.length < 200, text);
    assert.match(text, /…\)\.$/);
  });
});

describe('cost confirmation (animateImage.confirmCostAboveUsd)', () => {
  const sora8 = estimateCost({ provider: 'openai-videos', model: 'sora-2', size: '1280x720', seconds: 8 });
  const sora4 = estimateCost({ provider: 'openai-videos', model: 'sora-2', size: '1280x720', seconds: 4 });
  // $0.05 a second for 10 s (a user's price override: the catalog has no confirmed Runway price).
  const runway10 = estimateCost({ provider: 'runway', model: 'gen4_turbo', size: '1280x720', seconds: 10 }, [
    { provider: 'runway', model: 'gen4_turbo', usdPerSecond: 0.05 },
  ]);
  const local = estimateCost({ provider: 'local', model: 'any', size: '854x480', seconds: 2 });

  it('asks above the threshold with "10 × 8 s × sora-2 ≈ $8.00"', () => {
    assert.equal(costDecision(sora8, 10, 1), 'confirm');
    assert.equal(
      describeCost(sora8, 10, { seconds: 8, model: 'sora-2' }, { free: 'free', unknown: '?' }),
      '10 × 8 s × sora-2 ≈ $8.00',
    );
  });

  it('starts at or below the threshold, and free jobs never ask', () => {
    assert.equal(costDecision(sora4, 1, 1), 'start');
    assert.equal(costDecision(sora4, 2, 1), 'start'); // $0.80
    assert.equal(costDecision(runway10, 2, 1), 'start', 'exactly $1.00 is not above $1.00');
    assert.equal(costDecision(runway10, 3, 1), 'confirm');
    assert.equal(costDecision(local, 50, 0), 'free');
    assert.equal(costDecision(sora4, 1, 0), 'confirm', '0 asks before every paid job');
  });

  it('asks for several jobs of an unknown price, not for one (the form shows it is unknown)', () => {
    assert.equal(costDecision(undefined, 1, 1), 'start');
    assert.equal(costDecision(undefined, 2, 1), 'confirm');
  });
});
