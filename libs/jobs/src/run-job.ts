import type { JobName, JobPayloads } from '@mais/domain';
import type { JobFailure, JobHandler, JobHandlers, JobHooks, JobMeta } from './job-handlers';
import { isUnrecoverableJobError, UnrecoverableJobError } from './unrecoverable-job.error';

/**
 * Runs one attempt of a job with its handler and the failure hooks; both drivers go through here, so they
 * agree on what "final" means. Rethrows the handler's error so the driver can schedule the retry.
 */
export async function runJob(handlers: JobHandlers, hooks: JobHooks, payload: JobPayloads[JobName], meta: JobMeta): Promise<void> {
  const finished = startAttempt(hooks, meta);
  try {
    const handler = handlers[meta.name] as JobHandler<JobName> | undefined;
    if (!handler) throw new UnrecoverableJobError(`No handler is registered for job "${meta.name}"`);
    await handler(payload, meta);
    finished?.('completed');
  } catch (thrown) {
    finished?.('failed');
    const error = toError(thrown);
    // Abandoned at shutdown: not a failed attempt, so no hook.
    if (meta.signal.aborted) throw error;
    const failure = { name: meta.name, payload, error, meta } as JobFailure;
    try {
      hooks.onAttemptFailed?.(failure);
    } catch (hookError) {
      reportError(hooks, hookError, `onAttemptFailed for job ${meta.name} ${meta.jobId}`);
    }
    if ((meta.isFinalAttempt || isUnrecoverableJobError(error)) && hooks.onFinalFailure) {
      try {
        await hooks.onFinalFailure(failure);
      } catch (hookError) {
        reportError(hooks, hookError, `onFinalFailure for job ${meta.name} ${meta.jobId}`);
      }
    }
    throw error;
  }
}

function startAttempt(hooks: JobHooks, meta: JobMeta): ((outcome: 'completed' | 'failed') => void) | undefined {
  try {
    return hooks.onAttemptStart?.(meta) ?? undefined;
  } catch (hookError) {
    reportError(hooks, hookError, `onAttemptStart for job ${meta.name} ${meta.jobId}`);
    return undefined;
  }
}

export function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(typeof thrown === 'string' ? thrown : JSON.stringify(thrown));
}

export function reportError(hooks: JobHooks, thrown: unknown, context: string): void {
  const error = toError(thrown);
  if (hooks.onError) {
    try {
      hooks.onError(error, context);
      return;
    } catch {
      // fall through to the console: an error reporter that throws must not hide the original error
    }
  }
  console.error(`[jobs] ${context}:`, error);
}
