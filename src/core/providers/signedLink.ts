/**
 * Downloading a result from the signed link a provider gave. The key is never sent: the link carries its own
 * signature, and the key must not go to the storage host. A refused link (403) has expired.
 */
import * as l10n from '@vscode/l10n';
import type { Readable } from 'node:stream';
import { AnimateError } from '../errors';
import { downloadStream } from './http';
import type { HttpErrorContext } from './httpErrors';
import type { RemoteJob } from './provider';

/**
 * `who` names the provider in messages; `expired` says how long its links live. `link`: one just asked for (a link
 * read again right before downloading), instead of the one the job recorded.
 */
export async function downloadSignedLink(
  job: RemoteJob,
  who: string,
  expired: string,
  context: Pick<HttpErrorContext, 'keyHint' | 'secrets'>,
  signal: AbortSignal,
  link: string | undefined = job.data?.videoUrl,
): Promise<Readable> {
  if (!link)
    throw new AnimateError(
      'provider',
      l10n.t('No video link is known for {0} task {1}; check its status first.', who, job.id),
    );
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new AnimateError('provider', l10n.t('{0} gave a video link that is not a URL for task {1}.', who, job.id));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AnimateError(
      'provider',
      l10n.t('{0} gave a {1} video link for task {2}; only http(s) can be downloaded.', who, url.protocol, job.id),
    );
  }
  try {
    return await downloadStream(
      url.href,
      { signal },
      {
        host: url.host,
        operation: 'download',
        keyHint: context.keyHint,
        secrets: context.secrets,
        notFoundHint: expired,
      },
    );
  } catch (error) {
    if (error instanceof AnimateError && error.details.status === 403) {
      throw new AnimateError('provider', `${l10n.t('The {0} video link was refused (403).', who)} ${expired}`, {
        ...error.details,
        cause: error,
      });
    }
    throw error;
  }
}
