// The core speaks English (it is shared with the CLI). The few of its sentences that reach a notification are put
// into the display language here, by shape; anything else (the provider's own words) passes through unchanged.
// Pure (no vscode): `t` is `vscode.l10n.t` in the extension, unit-tested with a fake.

export type Translate = (message: string, ...args: Array<string | number>) => string;

/** `OpenAI Videos (Sora 2) failed the job: <reason>` → the translated frame around the provider's own reason. */
export function localizeFailure(message: string, providerLabel: string, t: Translate): string {
  const match = /^.+? failed the job: ([\s\S]*)$/.exec(message);
  return match ? t('{0} failed the job: {1}', providerLabel, match[1] ?? '') : message;
}

/** What the user's Cancel did, in the display language (the core's `describeCancel`, translated). */
export function cancelledText(providerLabel: string, canCancel: boolean, t: Translate): string {
  return canCancel
    ? t('Cancelled; {0} was asked to cancel the job.', providerLabel)
    : t('Stopped here, but {0} cannot cancel jobs: the remote job may still finish and be billed.', providerLabel);
}
