import { AnimateError } from '../errors';

/** Why an image was refused; lets callers (and tests) tell cases apart without parsing the message. */
export type ImageProblem = 'empty' | 'unknown-format' | 'truncated' | 'too-large' | 'corrupt' | 'unsupported';

/** Every image problem is the user's input to fix, so it is always a `bad-input` error. */
export function imageError(problem: ImageProblem, message: string, cause?: unknown): AnimateError {
  return new AnimateError('bad-input', message, { code: problem, cause });
}
