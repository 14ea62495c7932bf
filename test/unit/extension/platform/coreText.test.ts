import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cancelledText, localizeFailure, type Translate } from '../../../../src/extension/platform/coreText';

// A stand-in for the Chinese bundle: only the sentences the core sends to notifications.
const zh: Record<string, string> = {
  '{0} failed the job: {1}': '{0} 任务失败：{1}',
  'Cancelled; {0} was asked to cancel the job.': '已取消；已请求 {0} 取消该任务。',
  'Stopped here, but {0} cannot cancel jobs: the remote job may still finish and be billed.':
    '已在此停止，但 {0} 无法取消任务：远程任务可能仍会完成并计费。',
};
const t: Translate = (message, ...args) =>
  (zh[message] ?? message).replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

describe('core sentences in the display language', () => {
  it('translates the frame of a provider failure and keeps the provider’s own reason', () => {
    assert.equal(
      localizeFailure(
        'OpenAI Videos (Sora 2) failed the job: Your request was rejected by the safety system. (moderation_blocked)',
        'OpenAI 视频',
        t,
      ),
      'OpenAI 视频 任务失败：Your request was rejected by the safety system. (moderation_blocked)',
    );
    assert.equal(localizeFailure('Network error: ECONNRESET', 'OpenAI 视频', t), 'Network error: ECONNRESET');
  });

  it('says what a Cancel did, in the display language', () => {
    assert.equal(cancelledText('OpenAI 视频', true, t), '已取消；已请求 OpenAI 视频 取消该任务。');
    assert.equal(cancelledText('本地', false, t), '已在此停止，但 本地 无法取消任务：远程任务可能仍会完成并计费。');
  });
});
