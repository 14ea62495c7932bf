// What every scenario gets: the page, the workspace folder on disk, the fake provider and what it serves.
import type { Page } from 'playwright-core';
import type { OpenAiVideosFake, OpenAiVideosFakeOptions } from '../../fakes/openaiVideosServer';

export interface Suite {
  page: Page;
  /** The folder opened in the workbench (photo.PNG, b.jpeg, c.webp, notes.txt). */
  workspace: string;
  fake: OpenAiVideosFake;
  /** The key the fake accepts; typed into the password box once, through the form. */
  apiKey: string;
  /** The MP4 the fake serves, and its sha256. */
  served: Buffer;
  servedSha: string;
  /** The size/duration the remote scenarios pick (the served MP4 has the same). */
  remoteSize: { width: number; height: number };
  remoteSeconds: number;
  /** Facts one step hands to a later one (e.g. photo.mp4's hash for the "unchanged" check). */
  notes: Map<string, string>;
  /** The code-server profile's user data folder (the extension's global storage is below it). */
  userDataDir: string;
  /** `publisher.name`, the extension's folder name in global storage. */
  extensionId: string;
}

/** A scenario returns a one-line summary of what it saw; it throws on any failed check. */
export type Scenario = (suite: Suite) => Promise<string>;

/** Sets how the fake's next jobs progress: `runningSteps` steps of `stepMs` each between queued and the end. */
export function pace(suite: Suite, runningSteps: number, stepMs: number): void {
  const options: OpenAiVideosFakeOptions = suite.fake.options;
  options.runningSteps = runningSteps;
  options.stepMs = stepMs;
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
