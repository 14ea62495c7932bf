/**
 * Catalog labels in the display language: the core looks each descriptive label up when it is read, so the CLI and
 * the extension both show it translated, while the machine export (`providers --json`, the docs) stays English.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import zhCn from '../../../l10n/bundle.l10n.zh-cn.json';
import { useTranslations } from '../../../src/core/language';
import { catalogExport, createProvider, providerInfo } from '../../../src/core/providers/registry';
import { silentLogger } from '../../../src/core/types';

const labelOf = (id: string, model: string) => providerInfo(id).models.find((m) => m.id === model)?.label;

describe('catalog labels in the display language', () => {
  afterEach(() => useTranslations({}));

  it('a provider and a model label read through the registry are Chinese under zh-cn and English again after', () => {
    useTranslations(zhCn);
    assert.equal(providerInfo('kling').label, '可灵 AI（Kling）');
    assert.equal(labelOf('runway', 'veo3.1'), 'Veo 3.1（经 Runway）');
    assert.equal(labelOf('ark', 'doubao-seedance-2-0-260128'), 'Seedance 2.0（火山引擎中国站）');
    // Product names are not translated.
    assert.equal(labelOf('runway', 'gen4_turbo'), 'Gen-4 Turbo');

    useTranslations({});
    assert.equal(providerInfo('kling').label, 'Kling AI');
    assert.equal(labelOf('runway', 'veo3.1'), 'Veo 3.1 (via Runway)');
    assert.equal(labelOf('ark', 'doubao-seedance-2-0-260128'), 'Seedance 2.0 (Volcengine China)');
  });

  it('a provider made before the language was set still names itself in that language', () => {
    const local = createProvider('local', { log: silentLogger });
    useTranslations(zhCn);
    assert.equal(local.info.label, '本机镜头运动（离线）');
    assert.equal(local.info.models[0]?.label, zhCn['Camera move (zoom or pan over the still)']);
  });

  it('the export is English for machines whatever the locale, and in the display language for a listing', () => {
    const english = JSON.stringify(catalogExport());
    useTranslations(zhCn);
    assert.equal(JSON.stringify(catalogExport()), english);
    const listed = catalogExport([], 'display');
    assert.equal(listed.find((p) => p.id === 'kling')?.label, '可灵 AI（Kling）');
    // The English export left the display language in place.
    assert.equal(providerInfo('kling').label, '可灵 AI（Kling）');
  });
});
