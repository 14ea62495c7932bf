// The JPEG helper thread (bundled as dist/jpegHelper.js): takes its share of each job the decoder posts.
import { parentPort } from 'node:worker_threads';
import { helpWithJob, type HelperJob } from './helperJobs';

parentPort?.on('message', (job: HelperJob) => helpWithJob(job));
