import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { describeEvent, jobStateWord } from '../../../src/cli/progress';
import { translationsForLocale } from '../../../src/cli/locale';
import { useTranslations } from '../../../src/core/language';

describe('CLI progress lines', () => {
  it('names the submit stage, so a rate limit at submit is not shown under "preparing image"', () => {
    assert.equal(describeEvent({ type: 'preparing' }), 'preparing image');
    assert.equal(describeEvent({ type: 'submitting', attempt: 1 }), 'submitting');
    assert.equal(describeEvent({ type: 'submitting', attempt: 2 }), 'submitting (attempt 2)');
  });

  it("shows how many requests are ahead in the provider's queue when it says", () => {
    assert.equal(
      describeEvent({ type: 'status', state: 'queued', queuePosition: 3, elapsedMs: 65_000 }),
      'queued · 3 ahead · 1:05',
    );
    assert.equal(
      describeEvent({ type: 'status', state: 'queued', queuePosition: 0, elapsedMs: 1_000 }),
      'queued · 0 ahead · 0:01',
    );
    assert.equal(describeEvent({ type: 'status', state: 'queued', elapsedMs: 1_000 }), 'queued · 0:01');
    assert.equal(
      describeEvent({ type: 'status', state: 'running', progress: 40, elapsedMs: 1_000 }),
      'running 40% · 0:01',
    );
  });

  it('shows a job older than an hour as h:mm:ss, as the editor does', () => {
    assert.equal(describeEvent({ type: 'status', state: 'running', elapsedMs: 3_723_000 }), 'running · 1:02:03');
  });

  describe('under a zh locale', () => {
    afterEach(() => useTranslations({}));

    it('says the stages, the provider’s queue and the stored states in Chinese', () => {
      useTranslations(translationsForLocale({ LANG: 'zh_CN.UTF-8' }));
      assert.equal(describeEvent({ type: 'submitting', attempt: 2 }), '正在提交（第 2 次尝试）');
      assert.equal(
        describeEvent({ type: 'status', state: 'queued', queuePosition: 3, elapsedMs: 65_000 }),
        '排队中 · 前面还有 3 个 · 1:05',
      );
      assert.equal(
        describeEvent({ type: 'status', state: 'running', progress: 40, elapsedMs: 1_000 }),
        '正在运行 40% · 0:01',
      );
      assert.deepEqual((['running', 'waiting', 'succeeded', 'failed', 'cancelled'] as const).map(jobStateWord), [
        '正在运行',
        '等待中',
        '已完成',
        '失败',
        '已取消',
      ]);
    });
  });
});
