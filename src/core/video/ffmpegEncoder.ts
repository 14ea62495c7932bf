import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { EncoderSpec, FrameEncoder } from './encoder';
import { i420Size } from './yuv';

/**
 * x264 settings: `ultrafast` keeps ffmpeg ahead of our renderer (veryfast was ~3x slower for this input and
 * made the encoder the bottleneck). CRF 23 is x264's default: CRF 20 made photos with grain ~2x bigger
 * and cost ~25% more encoder CPU for a difference that does not show in a moving shot.
 */
export const FFMPEG_PRESET = 'ultrafast';
const FFMPEG_CRF = '23';

/** At most this much frame data waits in the pipe (about 11 frames at 720p, 5 at 1080p). */
const MAX_QUEUED_BYTES = 16 * 1024 * 1024;

/** Only the end of ffmpeg's stderr matters for an error message; cap it so a chatty ffmpeg cannot grow memory. */
const STDERR_TAIL = 4000;

/**
 * Raw I420 in (already converted while rendering: 2.7x fewer bytes through the pipe than RGBA and no
 * conversion inside ffmpeg), tagged BT.709 limited range so players show the colours we computed.
 */
export function ffmpegArgs(spec: EncoderSpec): string[] {
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'yuv420p',
    '-s',
    `${spec.width}x${spec.height}`,
    '-r',
    String(spec.fps),
    '-i',
    '-',
    '-an',
    '-c:v',
    'libx264',
    '-preset',
    FFMPEG_PRESET,
    '-crf',
    FFMPEG_CRF,
    '-pix_fmt',
    'yuv420p',
    '-colorspace',
    'bt709',
    '-color_primaries',
    'bt709',
    '-color_trc',
    'bt709',
    '-color_range',
    'tv',
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    spec.outPath,
  ];
}

/** Pipes raw I420 frames into an installed ffmpeg (libx264): the fast path when the user has one. */
export async function openFfmpegEncoder(ffmpegPath: string, spec: EncoderSpec): Promise<FrameEncoder> {
  const child = spawn(ffmpegPath, ffmpegArgs(spec), { stdio: ['pipe', 'ignore', 'pipe'], windowsHide: true });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL);
  });
  // Settles once: spawn failure, or exit with a code. Everything below races against it.
  const exited = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `ffmpeg ${signal ? `was killed (${signal})` : `exited with code ${code}`}${stderr.trim() ? `: ${stderr.trim()}` : ''}`,
          ),
        );
    });
  });
  exited.catch(() => {}); // observed via the races below; never an unhandled rejection
  // A dead ffmpeg makes stdin fail with EPIPE; the exit status carries the real reason.
  child.stdin.on('error', () => {});
  await Promise.race([once(child, 'spawn'), exited]);

  const frameBytes = i420Size(spec.width, spec.height);
  let closed = false;
  // Frames in flight: while ffmpeg works on earlier frames we render the next ones. A deeper queue rides out
  // scheduling hiccups on a busy machine (two processes hand work to each other); the cap bounds memory.
  const maxInFlight = Math.max(2, Math.floor(MAX_QUEUED_BYTES / frameBytes));
  const inFlight: Array<Promise<void>> = [];
  return {
    kind: 'ffmpeg',
    matrix: 'bt709',
    async addFrame(i420) {
      if (closed) throw new Error('ffmpeg encoder already closed');
      // Copy: the pipe is still sending this frame while the caller renders the next one into its buffer.
      const written = new Promise<void>((resolve, reject) => {
        child.stdin.write(Buffer.from(i420.subarray(0, frameBytes)), (error) => (error ? reject(error) : resolve()));
      });
      written.catch(() => {}); // awaited below when it is the oldest; a failure is reported there
      inFlight.push(written);
      if (inFlight.length <= maxInFlight && child.exitCode === null) return;
      try {
        await Promise.race([inFlight.shift()!, exited]);
      } catch (error) {
        // Prefer ffmpeg's own explanation (its exit status and stderr) over the EPIPE it caused.
        await Promise.race([exited, delay(2000)]);
        throw error;
      }
    },
    async finish() {
      if (closed) throw new Error('ffmpeg encoder already closed');
      closed = true;
      child.stdin.end();
      await exited;
    },
    abort() {
      closed = true;
      child.stdin.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
