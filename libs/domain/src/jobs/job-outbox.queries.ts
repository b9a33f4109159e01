/**
 * job-outbox.ts's statements. The outbox is platform-level (its rows carry no tenant; a job's payload names it):
 * the relay and the sweep work on every tenant's rows.
 */

const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');

/** One row per entry: id, job id, name, payload, and whether its condition (SQL with its own parameters) holds. */
export function insertOutboxEntries(conditions: readonly (string | null)[]): string {
  const values = conditions.map((condition) => `(?::uuid, ?, ?, ?::jsonb, ${condition ? `(${condition})` : 'true'})`).join(', ');
  return `insert into outbox_jobs (id, created_at, updated_at, job_id, name, payload, status, attempts)
       select v.id, now(), now(), v.job_id, v.name, v.payload, 'PENDING', 0
         from (values ${values}) as v (id, job_id, name, payload, keep)
        where v.keep
       on conflict (job_id) do nothing`;
}

/** Which PENDING rows a relay claims: these job ids (the write that recorded them), or the ones the sweep finds late. */
export const RELAY_WHERE = {
  jobIds: (count: number) => `job_id in (${placeholders(count)})`,
  olderThanSeconds: 'created_at < now() - make_interval(secs => ?)',
} as const;

export const OUTBOX_SQL = {
  claimPending: (where: string) => `select id, job_id, name, payload from outbox_jobs where status = 'PENDING' and ${where}
            order by created_at, id limit ? for update skip locked`,
  markRefused: (count: number) => `update outbox_jobs set attempts = attempts + 1, last_error = ?, updated_at = now() where id in (${placeholders(count)})`,
  markSent: (count: number) =>
    `update outbox_jobs set status = 'SENT', sent_at = now(), attempts = attempts + 1, updated_at = now() where id in (${placeholders(count)})`,
  forgetSent: `delete from outbox_jobs where status = 'SENT' and sent_at < now() - make_interval(days => ?)`,
  pendingCount: `select count(*) as count from outbox_jobs where status = 'PENDING'`,
} as const;
