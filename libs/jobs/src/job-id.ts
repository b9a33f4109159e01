/**
 * BullMQ rejects custom job ids that contain ':' or look like integers; the in-process driver checks the
 * same rules so a bad id fails in `npm start` too, not only in production. Use '.' or '-' to compose ids.
 */
export function assertValidJobId(jobId: string): void {
  if (jobId === '') throw new Error('Job id must not be empty');
  if (jobId.includes(':')) throw new Error(`Job id "${jobId}" must not contain ':' (BullMQ reserves it)`);
  if (`${parseInt(jobId, 10)}` === jobId) throw new Error(`Job id "${jobId}" must not be an integer (BullMQ reserves those)`);
}
