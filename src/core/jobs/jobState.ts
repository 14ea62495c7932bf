// The words for a job's life, defined once. Every other type that says where a job is (the stored record, the
// runner's events and outcome, the supervisor's snapshots and ends, the shells' results) is one of these.

/**
 * What `jobs.json` stores for a job (these exact words: records written by every earlier version use them).
 * `running`: submitted and being followed (or it was when the process stopped); `waiting`: still running remotely but
 * nobody follows it (max wait, detached, a failed poll) — resumable; the other three are final.
 */
export const jobStates = ['running', 'waiting', 'succeeded', 'failed', 'cancelled'] as const;
export type JobState = (typeof jobStates)[number];

/** The states a job can still leave: it exists remotely and can be followed (resumed) or cancelled. */
export const unfinishedStates = ['running', 'waiting'] as const satisfies readonly JobState[];
export type UnfinishedState = (typeof unfinishedStates)[number];

export function isUnfinishedState(state: JobState): state is UnfinishedState {
  return (unfinishedStates as readonly JobState[]).includes(state);
}

/** How one follow of a job ended here: its stored state unless still `running` (a follow never ends running). */
export type JobEnding = Exclude<JobState, 'running'>;

/** Where the provider says the job is while it has not ended (its poll answer). */
export type RemotePhase = 'queued' | 'running';

/**
 * Where a job this process runs is right now, for the status bar: waiting for a free slot here (`queued-here`),
 * preparing the image, at the provider (`queued`/`running`), retrying a refused request, or downloading.
 */
export type JobPhase = 'queued-here' | 'preparing' | RemotePhase | 'retrying' | 'downloading';

/**
 * What stopping a job this process follows means: `cancel` the remote job (the user pressed Cancel) or `detach`
 * (the window closes, Ctrl-C): the job goes on remotely and stays resumable.
 */
export type AbortMode = 'cancel' | 'detach';
