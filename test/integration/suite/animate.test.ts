import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AnimateResult } from '../../../src/extension/animate/animateOptions';
import { CommandId } from '../../../src/extension/commandIds';
import { gradientPng } from './fixture';

const extensionId = 'animate-image.animate-image';
const fast = { prompt: 'slow zoom in', provider: 'local', seconds: 2, size: '854x480', skipForm: true };

function isMp4(path: string): boolean {
  const head = readFileSync(path).subarray(0, 12);
  return head.subarray(4, 8).toString('latin1') === 'ftyp';
}

async function animate(uri: vscode.Uri, uris: vscode.Uri[], options: object): Promise<AnimateResult[]> {
  const results = await vscode.commands.executeCommand<AnimateResult[] | undefined>(
    CommandId.Animate,
    uri,
    uris,
    options,
  );
  assert.ok(Array.isArray(results), 'the command resolves to one result per image when skipForm is set');
  return results;
}

export function defineAnimateTests(): void {
  suite('Animate Image in VS Code (local provider)', () => {
    let folder = '';

    suiteSetup(async () => {
      folder =
        process.env.ANIMATE_IMAGE_TEST_WORKSPACE ??
        vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ??
        mkdtempSync(join(tmpdir(), 'animate-'));
      writeFileSync(join(folder, 'photo.PNG'), gradientPng());
      writeFileSync(join(folder, 'a.png'), gradientPng(200, 200));
      writeFileSync(join(folder, 'b.png'), gradientPng(160, 240));
      writeFileSync(join(folder, 'notes.txt'), 'not an image');
      const extension = vscode.extensions.getExtension(extensionId);
      assert.ok(extension, `${extensionId} is installed`);
      await extension.activate();
    });

    test('contributes every command', async () => {
      const commands = new Set(await vscode.commands.getCommands(true));
      for (const id of Object.values(CommandId)) assert.ok(commands.has(id), id);
    });

    test('animates an image into an MP4 next to it', async () => {
      const uri = vscode.Uri.file(join(folder, 'photo.PNG'));
      const [result] = await animate(uri, [uri], fast);
      assert.equal(result?.kind, 'succeeded', result?.message);
      const expected = join(folder, 'photo.mp4');
      assert.equal(result?.output, expected);
      assert.ok(existsSync(expected));
      assert.ok(isMp4(expected), 'starts with an ftyp box');
    });

    test('never overwrites: a second run makes photo-2.mp4 and leaves photo.mp4 as it was', async () => {
      const uri = vscode.Uri.file(join(folder, 'photo.PNG'));
      const first = readFileSync(join(folder, 'photo.mp4'));
      const [result] = await animate(uri, [uri], fast);
      assert.equal(result?.kind, 'succeeded', result?.message);
      assert.equal(result?.output, join(folder, 'photo-2.mp4'));
      assert.ok(isMp4(join(folder, 'photo-2.mp4')));
      assert.ok(readFileSync(join(folder, 'photo.mp4')).equals(first));
    });

    test('multi-select animates each selected image and skips non-images', async () => {
      const a = vscode.Uri.file(join(folder, 'a.png'));
      const b = vscode.Uri.file(join(folder, 'b.png'));
      const notes = vscode.Uri.file(join(folder, 'notes.txt'));
      const results = await animate(a, [a, notes, b], { ...fast, fit: 'pad' });
      assert.deepEqual(
        results.map((r) => [r.kind, r.output]),
        [
          ['succeeded', join(folder, 'a.mp4')],
          ['succeeded', join(folder, 'b.mp4')],
        ],
      );
    });

    test('rejects options it does not know (there is no output path)', async () => {
      const uri = vscode.Uri.file(join(folder, 'photo.PNG'));
      await assert.rejects(
        Promise.resolve(
          vscode.commands.executeCommand(CommandId.Animate, uri, [uri], { ...fast, output: join(folder, 'x.mp4') }),
        ),
      );
      assert.ok(!existsSync(join(folder, 'x.mp4')));
    });

    test('refuses a size the provider cannot make, writing nothing', async () => {
      const uri = vscode.Uri.file(join(folder, 'a.png'));
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand(CommandId.Animate, uri, [uri], { ...fast, size: '333x333' })),
      );
      assert.ok(!existsSync(join(folder, 'a-2.mp4')));
    });
  });
}
