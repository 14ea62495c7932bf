// Entry point test-electron loads inside the extension host. The suite is bundled by runTest.ts, so the
// tests are defined here, after mocha has set up its globals (suite, test, …), not by loading files.
import Mocha from 'mocha';
import { defineAnimateTests } from './animate.test';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 180_000, color: true });
  mocha.suite.emit('pre-require', globalThis, 'animate.test.ts', mocha);
  defineAnimateTests();
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
