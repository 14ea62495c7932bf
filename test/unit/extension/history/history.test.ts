import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { JobRecord } from '../../../../src/core/jobs/record';
import { providerInfo } from '../../../../src/core/providers/registry';
import { CommandId } from '../../../../src/extension/commandIds';
import {
  historyItem,
  sortRecords,
  type HistoryItemView,
  type HistoryWords,
} from '../../../../src/extension/history/historyItems';

const words: HistoryWords = {
  running: 'running',
  notFollowed: 'running (not followed)',
  waiting: 'waiting to resume',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
  remix: '{0} (remix)',
  noPrompt: '(no prompt)',
};

function record(change: Partial<JobRecord> = {}): JobRecord {
  return {
    id: 'job-1',
    remote: { provider: 'openai-videos', id: 'video_1', model: 'sora-2' },
    request: {
      image: '/w/cat.png',
      prompt: 'slow zoom in',
      provider: 'openai-videos',
      model: 'sora-2',
      size: { width: 1280, height: 720 },
      seconds: 8,
      fit: 'crop',
    },
    state: 'running',
    startedAt: 1000,
    updatedAt: 2000,
    ...change,
  };
}

const openai = providerInfo('openai-videos');
const local = providerInfo('local');

describe('jobs view items', () => {
  it('a running job: image name, status with progress and provider/model, prompt as tooltip, cancel', () => {
    const item = historyItem(record({ progress: 42 }), { following: true, info: openai }, words);
    assert.equal(item.label, 'cat.png');
    assert.equal(item.description, 'running 42% · openai-videos/sora-2');
    assert.equal(item.tooltip, 'slow zoom in');
    assert.equal(item.icon, 'sync~spin');
    assert.deepEqual(item.tokens, ['cancel']);
    assert.equal(item.contextValue, 'animateImage.job;cancel');
    assert.equal(item.output, undefined);
  });

  it('an unfollowed or waiting job can be resumed', () => {
    const lost = historyItem(record({ progress: 10 }), { following: false, info: openai }, words);
    assert.equal(lost.description, 'running (not followed) 10% · openai-videos/sora-2');
    assert.deepEqual(lost.tokens, ['cancel', 'resume']);
    const waiting = historyItem(record({ state: 'waiting' }), { following: false, info: openai }, words);
    assert.equal(waiting.description, 'waiting to resume · openai-videos/sora-2');
    assert.equal(waiting.icon, 'watch');
    assert.deepEqual(waiting.tokens, ['cancel', 'resume']);
  });

  it('a finished job: the MP4 name, open, re-run, remix when the model can, remove', () => {
    const done = historyItem(
      record({ state: 'succeeded', output: '/w/cat-2.mp4', progress: 100 }),
      { following: false, info: openai },
      words,
    );
    assert.equal(done.label, 'cat-2.mp4');
    assert.equal(done.description, 'done · openai-videos/sora-2', 'no progress once finished');
    assert.equal(done.output, '/w/cat-2.mp4');
    assert.deepEqual(done.tokens, ['open', 'rerun', 'remix', 'remove']);
    const offline = historyItem(
      record({
        state: 'succeeded',
        output: '/w/cat.mp4',
        remote: { provider: 'local', id: 'l1', model: 'camera' },
        request: { ...record().request, provider: 'local', model: 'camera' },
      }),
      { following: false, info: local },
      words,
    );
    assert.deepEqual(offline.tokens, ['open', 'rerun', 'remove'], 'the local renderer cannot remix');
    assert.equal(offline.description, 'done · local/camera');
  });

  it('a failed job shows the reason under the prompt; a cancelled one has no output', () => {
    const failed = historyItem(
      record({ state: 'failed', error: 'Blocked by moderation.' }),
      { following: false, info: openai },
      words,
    );
    assert.equal(failed.tooltip, 'slow zoom in\n\nBlocked by moderation.');
    assert.equal(failed.icon, 'error');
    assert.deepEqual(failed.tokens, ['rerun', 'remove']);
    const cancelled = historyItem(
      record({ state: 'cancelled', request: { ...record().request, prompt: '' } }),
      { following: false },
      words,
    );
    assert.equal(cancelled.tooltip, '(no prompt)');
    assert.equal(cancelled.description, 'cancelled · openai-videos/sora-2');
  });

  it('a running remix is named after the video it changes', () => {
    const item = historyItem(
      record({ remixOf: { video: '/w/cat.mp4', remoteId: 'video_0' } }),
      { following: true, info: openai },
      words,
    );
    assert.equal(item.label, 'cat.mp4 (remix)');
  });

  it('lists unfinished jobs first, then the newest', () => {
    const list = sortRecords(
      [
        record({ id: 'old', state: 'succeeded', updatedAt: 1 }),
        record({ id: 'run', updatedAt: 0 }),
        record({ id: 'new', state: 'failed', updatedAt: 5 }),
      ],
      2,
    );
    assert.deepEqual(
      list.map((r) => r.id),
      ['run', 'new'],
    );
  });
});

describe('jobs view in package.json', () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8'));
  const nls = JSON.parse(readFileSync(join(__dirname, '../../../../package.nls.json'), 'utf8')) as Record<
    string,
    string
  >;
  const menus: Record<string, Array<{ command: string; when?: string; group?: string }>> = manifest.contributes.menus;

  it('is "Animate Image jobs" in the Explorer', () => {
    const view = (manifest.contributes.views.explorer as Array<{ id: string; name: string }>).find(
      (v) => v.id === 'animateImage.history',
    );
    assert.equal(view?.name, '%view.history%');
    assert.equal(nls['view.history'], 'Animate Image jobs');
  });

  /** Evaluates a `view == … && viewItem =~ /…/` clause the way VS Code does, for this view's items. */
  function shows(when: string, item: HistoryItemView): boolean {
    assert.match(when, /^view == animateImage\.history && viewItem =~ \/.+\/$/, when);
    const regex = /viewItem =~ \/(.+)\/$/.exec(when)?.[1] ?? '';
    return new RegExp(regex).test(item.contextValue);
  }

  it('offers each action only on the items it fits', () => {
    const items = {
      running: historyItem(record(), { following: true, info: openai }, words),
      lost: historyItem(record(), { following: false, info: openai }, words),
      done: historyItem(
        record({ state: 'succeeded', output: '/w/cat.mp4' }),
        { following: false, info: openai },
        words,
      ),
      failed: historyItem(record({ state: 'failed' }), { following: false, info: openai }, words),
    };
    const expected: Record<string, string[]> = {
      [CommandId.HistoryOpen]: ['done'],
      [CommandId.HistoryReveal]: ['running', 'lost', 'done', 'failed'],
      [CommandId.HistoryCancel]: ['running', 'lost'],
      [CommandId.HistoryResume]: ['lost'],
      [CommandId.HistoryRerun]: ['done', 'failed'],
      [CommandId.HistoryRemix]: ['done'],
      [CommandId.HistoryRemove]: ['done', 'failed'],
    };
    const entries = menus['view/item/context'] ?? [];
    for (const [command, names] of Object.entries(expected)) {
      const clauses = entries.filter((m) => m.command === command);
      assert.ok(clauses.length > 0, `${command} has a menu entry`);
      for (const clause of clauses) {
        const matched = Object.entries(items)
          .filter(([, item]) => shows(clause.when ?? '', item))
          .map(([name]) => name);
        assert.deepEqual(matched, names, `${command} (${clause.group})`);
      }
    }
  });

  it('hides the item commands from the palette and refreshes from the view title', () => {
    for (const id of Object.values(CommandId).filter((c) => c.startsWith('animateImage.history.'))) {
      assert.ok(
        menus.commandPalette?.some((m) => m.command === id && m.when === 'false'),
        id,
      );
    }
    assert.ok(
      menus['view/title']?.some(
        (m) => m.command === CommandId.HistoryRefresh && m.when === 'view == animateImage.history',
      ),
    );
  });
});
