import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keptPath } from '../../../../src/extension/jobs/keptPath';

describe('kept video path', () => {
  it('reads the path from the runner message', () => {
    assert.equal(
      keptPath(
        'Could not save the video next to the image (EACCES: permission denied). It is kept at /tmp/animate-image-x1/video.mp4.',
      ),
      '/tmp/animate-image-x1/video.mp4',
    );
    assert.equal(
      keptPath('Could not save (EROFS). It is kept at C:\\Users\\me\\AppData\\Local\\Temp\\ai-1\\video.mp4.'),
      'C:\\Users\\me\\AppData\\Local\\Temp\\ai-1\\video.mp4',
    );
    assert.equal(keptPath('It is kept at /tmp/dir with spaces/video.mp4'), '/tmp/dir with spaces/video.mp4');
  });

  it('is undefined without one', () => {
    assert.equal(keptPath(undefined), undefined);
    assert.equal(keptPath(''), undefined);
    assert.equal(keptPath('The provider refused the prompt.'), undefined);
    assert.equal(keptPath('It is kept at .'), undefined);
  });
});
