import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jpegHelper, withJpegHelper, type JpegHelper } from '../../../src/core/image/jpeg/helperThread';
import { StalledHelperError } from '../../../src/core/image/jpeg/sharedWork';

// A file of its own: retiring the helper lasts for the rest of the process.
describe('withJpegHelper', () => {
  it('gives the work the helper when wanted, none when not, and passes other errors through', () => {
    const given: (JpegHelper | undefined)[] = [];
    withJpegHelper(true, (helper) => given.push(helper));
    withJpegHelper(false, (helper) => given.push(helper));
    assert.ok(given[0], 'a helper on a machine with two cores');
    assert.equal(given[1], undefined);
    assert.throws(
      () =>
        withJpegHelper(true, () => {
          throw new RangeError('not the helper');
        }),
      RangeError,
    );
    assert.ok(jpegHelper(), 'still in use after an error of the work itself');
  });

  it('when the helper stalls, runs the work again alone and never uses the helper again', () => {
    const given: (JpegHelper | undefined)[] = [];
    const result = withJpegHelper(true, (helper) => {
      given.push(helper);
      if (helper) throw new StalledHelperError();
      return 'decoded alone';
    });
    assert.equal(result, 'decoded alone');
    assert.equal(given.length, 2);
    assert.ok(given[0]);
    assert.equal(given[1], undefined);
    assert.equal(jpegHelper(), undefined);
    withJpegHelper(true, (helper) => assert.equal(helper, undefined));
  });
});
