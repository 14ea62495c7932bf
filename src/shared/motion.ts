/** The camera moves the local provider can render. */
export const MOTIONS = [
  'zoom-in',
  'zoom-out',
  'pan-left',
  'pan-right',
  'pan-up',
  'pan-down',
  'push-in',
  'reveal',
  'orbit',
] as const;
export type Motion = (typeof MOTIONS)[number];

/** A gentle push-in reads as "alive" for almost any picture, so it is what an empty or vague prompt gets. */
export const DEFAULT_MOTION: Motion = 'zoom-in';

// Only camera words count ("the cat moves in" describes the subject, not the camera).
// English phrases allow inflections ("zooming in", "pans to the left") and hyphens ("push-in").
// Chinese has no word boundaries, so those are plain substrings. Tilt is the film word for a vertical pan.
// Push-in and reveal are the subject moves (a deeper zoom onto or away from what the picture is about); orbit is an arc.
const PHRASES: ReadonlyArray<readonly [Motion, RegExp]> = [
  ['push-in', /\b(?:push(?:es|ed|ing)?|dolly(?:ing)?)[\s-]*in(?:to)?\b|\bfocus(?:es|ed|ing)?[\s-]*on\b|推进|聚焦|特写/],
  ['zoom-in', /\bzoom(?:s|ed|ing)?[\s-]*in(?:to)?\b/],
  ['zoom-in', /\b(?:close[\s-]*up|move closer|get(?:s|ting)? closer)\b|推近|拉近|放大|靠近/],
  ['reveal', /\breveal(?:s|ed|ing)?\b|揭示|揭开|露出|展现/],
  [
    'orbit',
    /\b(?:orbit(?:s|ed|ing)?|arc(?:s|ed|ing)?[\s-]*(?:shot|around|round)|circl(?:e|es|ed|ing)[\s-]*(?:a)?round|revolv(?:e|es|ing)[\s-]*(?:a)?round)\b|环绕|绕着|弧线运镜|环拍/,
  ],
  ['zoom-out', /\b(?:zoom(?:s|ed|ing)?|pull(?:s|ed|ing)?|dolly(?:ing)?)[\s-]*(?:out|back|away)\b/],
  ['zoom-out', /拉远|拉开|缩小|远离/],
  [
    'pan-left',
    /\b(?:pan(?:s|ned|ning)?|track(?:s|ed|ing)?|truck(?:s|ed|ing)?)[\s-]*(?:to(?:wards?)?[\s-]*(?:the[\s-]*)?)?left\b/,
  ],
  ['pan-left', /左摇|向左|往左|左移/],
  [
    'pan-right',
    /\b(?:pan(?:s|ned|ning)?|track(?:s|ed|ing)?|truck(?:s|ed|ing)?)[\s-]*(?:to(?:wards?)?[\s-]*(?:the[\s-]*)?)?right\b/,
  ],
  ['pan-right', /右摇|向右|往右|右移/],
  ['pan-up', /\b(?:tilt(?:s|ed|ing)?|pan(?:s|ned|ning)?|crane(?:s|d)?|pedestal(?:s|ing)?)[\s-]*up(?:wards?)?\b/],
  ['pan-up', /上摇|向上|往上|上移/],
  ['pan-down', /\b(?:tilt(?:s|ed|ing)?|pan(?:s|ned|ning)?|crane(?:s|d)?|pedestal(?:s|ing)?)[\s-]*down(?:wards?)?\b/],
  ['pan-down', /下摇|向下|往下|下移/],
];

/**
 * Picks the camera move a prompt asks for. When a prompt names several ("zoom out, then pan left"),
 * the one mentioned first wins: the renderer does one move per clip.
 */
export function chooseMotion(prompt: string): Motion {
  const text = prompt.toLowerCase();
  let best: { motion: Motion; index: number } | undefined;
  for (const [motion, pattern] of PHRASES) {
    const match = pattern.exec(text);
    if (match && (best === undefined || match.index < best.index)) best = { motion, index: match.index };
  }
  return best?.motion ?? DEFAULT_MOTION;
}

export function isMotion(value: string): value is Motion {
  return (MOTIONS as readonly string[]).includes(value);
}
