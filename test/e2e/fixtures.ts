// Files for the E2E suite, made with ffmpeg at setup (Debian's ffmpeg; CI installs it too), and the checks on what
// the extension wrote: ffprobe for "is this a real H.264 MP4", sha256 for "same bytes", a folder listing for
// "nothing else was left behind".
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const FFMPEG = process.env.E2E_FFMPEG ?? 'ffmpeg';
export const FFPROBE = process.env.E2E_FFPROBE ?? 'ffprobe';

/** The workspace images: sizes deliberately unlike any provider size, so the exact-size fit has work to do. */
export const WORKSPACE_IMAGES = {
  'photo.PNG': { width: 640, height: 480 },
  'b.jpeg': { width: 600, height: 400 },
  'c.webp': { width: 800, height: 600 },
} as const;
export type WorkspaceImage = keyof typeof WORKSPACE_IMAGES;

async function ffmpeg(args: string[]): Promise<void> {
  try {
    await run(FFMPEG, ['-hide_banner', '-v', 'error', '-y', ...args], { timeout: 60_000 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT')
      throw new Error(`${FFMPEG} not found: the E2E suite needs ffmpeg/ffprobe on PATH (apt-get install ffmpeg)`);
    throw new Error(`ffmpeg ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`);
  }
}

/** One still frame of ffmpeg's test pattern in the format the file name asks for (the codec is chosen explicitly). */
async function stillImage(path: string, width: number, height: number, codec: string[]): Promise<void> {
  await ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${width}x${height}`,
    '-frames:v',
    '1',
    ...codec,
    '-f',
    'image2',
    path,
  ]);
}

/** `photo.PNG`, `b.jpeg`, `c.webp` and `notes.txt` in `dir`. */
export async function writeWorkspace(dir: string): Promise<void> {
  const { 'photo.PNG': photo, 'b.jpeg': b, 'c.webp': c } = WORKSPACE_IMAGES;
  await stillImage(join(dir, 'photo.PNG'), photo.width, photo.height, ['-c:v', 'png']);
  await stillImage(join(dir, 'b.jpeg'), b.width, b.height, ['-c:v', 'mjpeg', '-q:v', '3']);
  await stillImage(join(dir, 'c.webp'), c.width, c.height, ['-c:v', 'libwebp']);
  writeFileSync(join(dir, 'notes.txt'), 'Not an image: the explorer must not offer "Animate image" here.\n');
}

/** The Chinese, untrusted workspace: a still photo, an animated WebP, and settings it may not apply. */
export const CHINESE_IMAGES = {
  '照片.png': { width: 640, height: 480 },
  '动图.webp': { width: 320, height: 240 },
} as const;
/** One restricted key flat, one nested: neither spelling may apply in an untrusted folder. */
export const UNTRUSTED_SETTINGS = {
  'animateImage.openaiVideos.baseUrl': 'http://127.0.0.1:9/not-for-untrusted/v1',
  animateImage: {
    presets: [{ name: '仓库预设', prompt: '来自仓库的预设', provider: 'openai-videos' }],
    maxWaitMinutes: 10,
  },
} as const;

export async function writeChineseWorkspace(dir: string): Promise<void> {
  const photo = CHINESE_IMAGES['照片.png'];
  const animated = CHINESE_IMAGES['动图.webp'];
  await stillImage(join(dir, '照片.png'), photo.width, photo.height, ['-c:v', 'png']);
  // Eight frames of the moving test pattern, looping: a real animated WebP.
  await ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${animated.width}x${animated.height}:rate=8`,
    '-frames:v',
    '8',
    '-c:v',
    'libwebp',
    '-loop',
    '0',
    '-f',
    'webp',
    join(dir, '动图.webp'),
  ]);
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  writeFileSync(
    join(dir, '.vscode', 'settings.json'),
    `// A repository's own settings: endpoints and presets do not apply until the folder is trusted.\n${JSON.stringify(UNTRUSTED_SETTINGS, null, 2)}\n`,
  );
}

/** A real, small H.264 MP4 for the fake provider to serve (the test pattern moving, 8 fps). */
export async function makeServedVideo(dir: string, size: string, seconds: number): Promise<Buffer> {
  const path = join(dir, `served-${size}-${seconds}s.mp4`);
  await ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${size}:rate=8`,
    '-t',
    String(seconds),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-crf',
    '38',
    '-pix_fmt',
    'yuv420p',
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    path,
  ]);
  return readFileSync(path);
}

export interface VideoProbe {
  formatName: string;
  codec: string;
  width: number;
  height: number;
  durationSeconds: number;
  frames: number;
}

/** ffprobe's view of the first video stream; throws with ffprobe's message when the file is not a readable video. */
export async function probeVideo(path: string): Promise<VideoProbe> {
  let stdout: string;
  try {
    ({ stdout } = await run(
      FFPROBE,
      [
        '-v',
        'error',
        '-count_frames',
        '-select_streams',
        'v:0',
        '-show_entries',
        'stream=codec_name,width,height,nb_read_frames:format=format_name,duration',
        '-of',
        'json',
        path,
      ],
      { timeout: 60_000 },
    ));
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`${FFPROBE} not found: the E2E suite needs ffmpeg/ffprobe on PATH`);
    throw new Error(`ffprobe rejects ${path}: ${e.stderr?.trim() || e.message}`);
  }
  const parsed = JSON.parse(stdout) as {
    streams?: Array<{ codec_name?: string; width?: number; height?: number; nb_read_frames?: string }>;
    format?: { format_name?: string; duration?: string };
  };
  const stream = parsed.streams?.[0];
  if (!stream) throw new Error(`ffprobe finds no video stream in ${path}`);
  return {
    formatName: parsed.format?.format_name ?? '',
    codec: stream.codec_name ?? '',
    width: stream.width ?? 0,
    height: stream.height ?? 0,
    durationSeconds: Number(parsed.format?.duration ?? 0),
    frames: Number(stream.nb_read_frames ?? 0),
  };
}

/** Throws unless `path` is an MP4 with an H.264 stream of exactly `width`x`height`; returns a one-line summary. */
export async function expectH264(path: string, width: number, height: number): Promise<string> {
  const probe = await probeVideo(path);
  const problems: string[] = [];
  if (!probe.formatName.split(',').includes('mp4')) problems.push(`container ${probe.formatName}`);
  if (probe.codec !== 'h264') problems.push(`codec ${probe.codec}`);
  if (probe.width !== width || probe.height !== height)
    problems.push(`size ${probe.width}x${probe.height}, expected ${width}x${height}`);
  if (!(probe.frames > 0)) problems.push('no decodable frames');
  if (problems.length > 0) throw new Error(`${path} is not the expected video: ${problems.join('; ')}`);
  return `h264 ${probe.width}x${probe.height}, ${probe.durationSeconds.toFixed(2)} s, ${probe.frames} frames`;
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256')
    .update(typeof data === 'string' ? readFileSync(data) : data)
    .digest('hex');
}

/** File names directly in `dir` (hidden ones included: a leftover `.photo.mp4.xxxx.part` must show up). */
export function listDir(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** Names in `after` that are not in `before`. */
export function added(before: readonly string[], after: readonly string[]): string[] {
  return after.filter((name) => !before.includes(name));
}
