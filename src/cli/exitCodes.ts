/** The CLI's exit codes (also in `--help`): scripts branch on them. */
export const exitCodes = { done: 0, failed: 1, badInput: 2, stillRunning: 3, interrupted: 130 } as const;
