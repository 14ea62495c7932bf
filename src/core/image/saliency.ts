import { CENTRE_FOCUS, type Focus } from '../../shared/focus';
import type { RgbaImage } from './rgba';

/** The estimate works on a copy about this many pixels on the long side: subjects are large, and it must be instant. */
const ANALYSIS_SIDE = 96;

/**
 * Where the subject of a picture probably is, from cheap cues that need no model: local contrast (edges,
 * texture), colour saturation, skin tones, and rarity (a colour unlike the picture's average stands out).
 * A flat or evenly busy picture gets the centre, so the estimate never does worse than a centred crop.
 */
export function estimateFocus(image: RgbaImage): Focus {
  const { width, height, data } = image;
  if (width < 4 || height < 4) return CENTRE_FOCUS;
  const scale = Math.max(1, Math.max(width, height) / ANALYSIS_SIDE);
  const w = Math.max(4, Math.round(width / scale));
  const h = Math.max(4, Math.round(height / scale));
  // Box-average down to w×h (nearest source block): a little blur is what the cues below want anyway.
  const r = new Float32Array(w * h);
  const g = new Float32Array(w * h);
  const b = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor((y * height) / h);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * height) / h));
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor((x * width) / w);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * width) / w));
      // Every other source pixel is plenty for an average; keeps a 12 MP photo at a few ms.
      const step = Math.max(1, Math.floor((x1 - x0) / 4));
      let sr = 0;
      let sg = 0;
      let sb = 0;
      let n = 0;
      for (let sy = y0; sy < y1; sy += step) {
        for (let sx = x0; sx < x1; sx += step) {
          const i = (sy * width + sx) * 4;
          sr += data[i]!;
          sg += data[i + 1]!;
          sb += data[i + 2]!;
          n++;
        }
      }
      const o = y * w + x;
      r[o] = sr / n;
      g[o] = sg / n;
      b[o] = sb / n;
    }
  }
  let meanR = 0;
  let meanG = 0;
  let meanB = 0;
  for (let i = 0; i < w * h; i++) {
    meanR += r[i]!;
    meanG += g[i]!;
    meanB += b[i]!;
  }
  meanR /= w * h;
  meanG /= w * h;
  meanB /= w * h;

  const score = new Float32Array(w * h);
  let total = 0;
  let peak = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = y * w + x;
      const luma = 0.299 * r[o]! + 0.587 * g[o]! + 0.114 * b[o]!;
      // Edges/texture: luma difference to the right and lower neighbours.
      const right = x + 1 < w ? o + 1 : o - 1;
      const below = y + 1 < h ? o + w : o - w;
      const lr = 0.299 * r[right]! + 0.587 * g[right]! + 0.114 * b[right]!;
      const lb = 0.299 * r[below]! + 0.587 * g[below]! + 0.114 * b[below]!;
      const edge = Math.min(1, (Math.abs(luma - lr) + Math.abs(luma - lb)) / 64);
      const max = Math.max(r[o]!, g[o]!, b[o]!);
      const min = Math.min(r[o]!, g[o]!, b[o]!);
      const saturation = max > 0 ? (max - min) / max : 0;
      const rarity = Math.min(1, Math.hypot(r[o]! - meanR, g[o]! - meanG, b[o]! - meanB) / 160);
      const value = edge + 0.6 * saturation * (max / 255) + 0.8 * rarity + (isSkin(r[o]!, g[o]!, b[o]!) ? 0.6 : 0);
      score[o] = value;
      total += value;
      peak = Math.max(peak, value);
    }
  }
  if (peak <= 0.05) return CENTRE_FOCUS;
  // Only what clearly stands out counts: below the average is background, however textured.
  const threshold = total / (w * h);
  const columns = new Float64Array(w);
  const rows = new Float64Array(h);
  let mass = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = score[y * w + x]! - threshold;
      if (v <= 0) continue;
      columns[x]! += v;
      rows[y]! += v;
      mass += v;
      cx += v * (x + 0.5);
      cy += v * (y + 0.5);
    }
  }
  if (mass <= 1e-6) return CENTRE_FOCUS;
  const [left, right] = padded(percentiles(columns, mass), w);
  const [top, bottom] = padded(percentiles(rows, mass), h);
  return { x: cx / mass / w, y: cy / mass / h, left: left / w, right: right / w, top: top / h, bottom: bottom / h };
}

/** Breathing room around the subject: a frame edge right on its outline looks cramped. */
const MARGIN = 0.1;

function padded([low, high]: [number, number], cells: number): [number, number] {
  const pad = MARGIN * (high - low) + 1;
  return [Math.max(0, low - pad), Math.min(cells, high + pad)];
}

/** Positions (in cells) where 2% and 98% of the mass along one axis are reached (outliers ignored). */
function percentiles(profile: Float64Array, mass: number): [number, number] {
  let running = 0;
  let low = 0;
  let high = profile.length;
  let lowFound = false;
  for (let i = 0; i < profile.length; i++) {
    const before = running;
    running += profile[i]!;
    if (!lowFound && running >= 0.02 * mass) {
      low = i + (0.02 * mass - before) / Math.max(1e-9, profile[i]!);
      lowFound = true;
    }
    if (running >= 0.98 * mass) {
      high = i + (0.98 * mass - before) / Math.max(1e-9, profile[i]!);
      break;
    }
  }
  return [low, Math.max(low, high)];
}

/** A classic RGB skin-tone rule (Peer et al.), enough to pull the frame toward people. */
function isSkin(r: number, g: number, b: number): boolean {
  return r > 95 && g > 40 && b > 20 && r > g && r > b && r - Math.min(g, b) > 15 && Math.abs(r - g) > 15;
}
