import { spawn } from 'node:child_process';
import { readImageRgba } from '../image/prepare';
import type { RgbaImage } from '../image/rgba';
import { estimateFocus } from '../image/saliency';
import { maxZoomOf } from '../../shared/cameraPath';
import { frameCount, frameExposures, type CameraMove } from './clipPlan';
import type { Motion } from '../../shared/motion';
import { ExposureRenderer } from './motionBlur';
import { prepareRenderSource } from './renderSource';

/** Frames of a clip at a chosen size and rate, for GIF/WebP: random access for a few (the palette), then in order. */
export interface FrameSource {
  readonly width: number;
  readonly height: number;
  /** Up to `n` frames spread over the clip. */
  sample(n: number): Promise<RgbaImage[]>;
  frames(): AsyncIterable<RgbaImage>;
}

export interface LocalClip {
  readonly imagePath: string;
  readonly motion: Motion;
  readonly seconds: number;
  readonly loop: boolean;
}

/**
 * The local renderer's clip, filmed again at `width`×`height` and `fps`: the same camera path (same focus,
 * move and loop) as the MP4, sampled from a source pre-filtered for this smaller size, with no video decoding.
 */
export async function localFrameSource(
  clip: LocalClip,
  width: number,
  height: number,
  fps: number,
): Promise<FrameSource> {
  const original = await readImageRgba(clip.imagePath);
  // The focus comes from the full picture, as for the MP4, so both frame the same thing.
  const focus = estimateFocus(original);
  const source = prepareRenderSource(original, width, height, undefined, maxZoomOf(clip.motion));
  const move: CameraMove = { motion: clip.motion, fps, loop: clip.loop, focus };
  const count = frameCount(clip.seconds, fps);
  const renderer = new ExposureRenderer(width, height);
  const render = (index: number): RgbaImage => {
    const data = new Uint8Array(width * height * 4);
    renderer.renderRgba(source, frameExposures(move, index, count, source.width, source.height, width, height), data);
    return { width, height, data };
  };
  return {
    width,
    height,
    sample: async (n) => spread(count, n).map(render),
    async *frames() {
      for (let i = 0; i < count; i++) yield render(i);
    },
  };
}

/** Frame indices spread evenly over a clip, first and last included. */
function spread(count: number, n: number): number[] {
  if (n >= count) return Array.from({ length: count }, (_, i) => i);
  return Array.from({ length: n }, (_, i) => Math.round((i * (count - 1)) / Math.max(1, n - 1)));
}

/** The picture size of a video, as ffmpeg reports it. */
export async function probeVideoSize(
  ffmpegPath: string,
  videoPath: string,
): Promise<{ width: number; height: number }> {
  const { stderr } = await runFfmpeg(ffmpegPath, ['-hide_banner', '-i', videoPath], true);
  const match = /Video:.*?\b(\d{2,5})x(\d{2,5})\b/.exec(stderr);
  if (!match) throw new Error(`ffmpeg found no video stream in ${videoPath}`);
  return { width: Number(match[1]), height: Number(match[2]) };
}

/**
 * A provider's MP4, decoded by ffmpeg to RGBA at `width`×`height` and `fps`, streamed: a frame at a time, never
 * the whole clip in memory. The palette's few frames come from a separate, quick pass at one frame a second.
 */
export async function ffmpegFrameSource(
  ffmpegPath: string,
  videoPath: string,
  width: number,
  height: number,
  fps: number,
): Promise<FrameSource> {
  const args = (rate: number) => [
    '-hide_banner',
    '-v',
    'error',
    '-i',
    videoPath,
    '-an',
    '-vf',
    `fps=${rate},scale=${width}:${height}:flags=area`,
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgba',
    '-',
  ];
  const frameBytes = width * height * 4;
  const { stdout } = await runFfmpeg(ffmpegPath, args(1), false);
  const samples: RgbaImage[] = [];
  for (let at = 0; at + frameBytes <= stdout.length; at += frameBytes)
    samples.push({ width, height, data: new Uint8Array(stdout.subarray(at, at + frameBytes)) });
  if (samples.length === 0) throw new Error(`ffmpeg decoded no frames from ${videoPath}`);
  return {
    width,
    height,
    sample: async (n) => spread(samples.length, n).map((i) => samples[i]!),
    async *frames() {
      const child = spawn(ffmpegPath, args(fps), { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        if (stderr.length < 64 * 1024) stderr += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve, reject) => {
        child.once('error', reject);
        child.once('close', resolve);
      });
      let pending: Buffer = Buffer.alloc(0);
      try {
        for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
          pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
          while (pending.length >= frameBytes) {
            yield { width, height, data: new Uint8Array(pending.subarray(0, frameBytes)) };
            pending = pending.subarray(frameBytes);
          }
        }
        const code = await exited;
        if (code !== 0) throw new Error(`ffmpeg exited with ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`);
      } finally {
        // Stopped early (over budget, cancelled): do not leave ffmpeg running.
        if (child.exitCode === null) child.kill();
      }
    },
  };
}

function runFfmpeg(
  ffmpegPath: string,
  args: readonly string[],
  failureExpected: boolean,
): Promise<{ stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => {
      // `ffmpeg -i file` with no output always exits 1 after printing what it found.
      if (code === 0 || failureExpected) resolve({ stdout: Buffer.concat(out), stderr });
      else reject(new Error(`ffmpeg exited with ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`));
    });
  });
}
