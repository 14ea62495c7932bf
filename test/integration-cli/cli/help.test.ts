/** `--help` documents the flags and commands of the model catalog: extras, custom models, dry run, providers --json, check. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { helpText } from '../../../src/cli/args';
import { runCli as run } from '../../helpers/cli';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('CLI help', () => {
  it('documents the extras, custom models, dry run, providers --json and check', async () => {
    for (const text of [
      '--negative-prompt TEXT',
      '--seed N',
      '--audio on|off',
      '--enhance-prompt on|off',
      '--custom-models FILE',
      'ANIMATE_IMAGE_CUSTOM_MODELS',
      '--dry-run',
      'providers [--json]',
      'check [--provider ID] [--model ID] [--base-url URL] [--json]',
      '"warning: …"',
    ]) {
      assert.ok(helpText.includes(text), text);
    }
    const printed = await run(['--help'], { cwd: await mkdtemp(join(tmpdir(), 'cli-help-')) });
    assert.equal(printed.code, 0);
    assert.equal(printed.stdout, `${helpText}\n`);
  });
});
