/** Every command the extension contributes; package.json `contributes.commands` lists the same ids. */
export enum CommandId {
  /** {@link registerAnimate} — explorer, image preview title, palette; internal test API in animateOptions.ts. */
  Animate = 'animateImage.animate',
  /** {@link registerAnimateBetween} — explorer with exactly two images selected: first frame → last frame; `(uri, [a, b], options?)`. */
  AnimateBetween = 'animateImage.animateBetween',
  /** {@link registerAnimateWithPreset} — a quick pick of presets, no form. */
  AnimateWithPreset = 'animateImage.animateWithPreset',
  /** {@link registerSetApiKey} — optional argument: a provider id. */
  SetApiKey = 'animateImage.setApiKey',
  /** {@link registerClearApiKey} */
  ClearApiKey = 'animateImage.clearApiKey',
  /** {@link registerCheckConnection} — optional argument: a provider id; returns the outcomes. */
  CheckConnection = 'animateImage.checkConnection',
  /** {@link registerShowJobs} */
  ShowJobs = 'animateImage.showJobs',
  /** {@link registerShowLog} */
  ShowLog = 'animateImage.showLog',
  /** {@link registerJobMenu} — the status bar item's click; hidden from the palette. Argument: a job key. */
  JobMenu = 'animateImage.jobMenu',
  /** {@link registerRemix} — explorer on an MP4 with a sidecar; `(uri?, uris?, { prompt }?)`. */
  Remix = 'animateImage.remix',
  /** {@link registerAnimateSample} — the walkthrough's "animate the sample" step: local provider, no key. */
  AnimateSample = 'animateImage.animateSample',
  // The "Animate Image jobs" view (history/historyCommands.ts); each takes the item's JobRecord, hidden from the palette.
  HistoryRefresh = 'animateImage.history.refresh',
  HistoryOpen = 'animateImage.history.open',
  HistoryReveal = 'animateImage.history.reveal',
  HistoryCancel = 'animateImage.history.cancel',
  HistoryResume = 'animateImage.history.resume',
  HistoryRerun = 'animateImage.history.rerun',
  HistoryRemix = 'animateImage.history.remix',
  HistoryRemove = 'animateImage.history.remove',
  HistorySaveGif = 'animateImage.history.saveGif',
  HistorySaveWebp = 'animateImage.history.saveWebp',
}
