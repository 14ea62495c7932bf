import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { translationsForLocale } from '../../../src/cli/locale';
import { useTranslations } from '../../../src/core/language';
import { inspectImage } from '../../../src/core/image/inspect';
import { httpFailure } from '../../../src/core/providers/httpErrors';

const messageOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('expected an error');
};

describe('the language of the core messages', () => {
  afterEach(() => useTranslations({}));

  it('follows LC_ALL, then LC_MESSAGES, then LANG', () => {
    assert.ok(Object.keys(translationsForLocale({ LANG: 'zh_CN.UTF-8' })).length > 100);
    assert.ok(Object.keys(translationsForLocale({ LC_ALL: 'zh-TW' })).length > 100);
    assert.deepEqual(translationsForLocale({ LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' }), {});
    assert.deepEqual(translationsForLocale({ LC_MESSAGES: 'C', LANG: 'zh_CN.UTF-8' }), {});
    assert.deepEqual(translationsForLocale({}), {});
  });

  it('an image error is in Chinese under a zh locale and in English otherwise', () => {
    const empty = () => inspectImage(new Uint8Array(0));
    assert.match(messageOf(empty), /^The file is empty \(0 bytes\)/);
    useTranslations(translationsForLocale({ LANG: 'zh_CN.UTF-8' }));
    assert.equal(messageOf(empty), '文件为空（0 字节）：不是图片。请重新选择原始图片。');
  });

  it('a provider failure keeps its placeholders filled in Chinese', () => {
    useTranslations(translationsForLocale({ LANG: 'zh_CN.UTF-8' }));
    const failure = httpFailure(
      { status: 429, message: 'Too many requests' },
      { host: 'api.example.test', operation: 'submit', secrets: [], keyHint: '' },
    );
    assert.equal(failure.message, 'api.example.test 正在限制请求频率（429）: Too many requests。 未创建任务。');
  });
});
