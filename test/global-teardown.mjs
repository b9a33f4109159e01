import pg from 'pg';

// Drops the databases this run created and stops the embedded PostgreSQL, if one was started.
export default async function globalTeardown() {
  const url = process.env.TEST_DATABASE_URL;
  const runId = process.env.TEST_RUN_ID;
  if (url && runId) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(`select datname from pg_database where datname like $1`, [`mais_test_${runId}_%`]);
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
    await client.end();
  }
  await globalThis.__MAIS_EMBEDDED_PG__?.stop();
}
