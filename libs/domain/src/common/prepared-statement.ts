import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClientBase, QueryResultRow } from 'pg';

/** A statement PostgreSQL parses and plans once per connection; the name must be unique in the process. */
export interface PreparedStatement {
  name: string;
  /** SQL with $1, $2… placeholders. */
  text: string;
}

/**
 * Runs a named statement on a pooled connection, with the values as parameters: for hot reads, where
 * MikroORM's `em.execute` (values inlined into new SQL text each time) would have PostgreSQL parse and plan
 * the query on every call. Inside a transaction it runs through `em.execute` on the transaction's connection.
 * Raw SQL is not tenant-filtered: the statement must name the tenant itself.
 */
export async function runPrepared<T extends QueryResultRow>(em: EntityManager, statement: PreparedStatement, values: unknown[]): Promise<T[]> {
  if (em.getTransactionContext()) {
    const ordered: unknown[] = [];
    const text = statement.text.replace(/\$(\d+)/g, (_, n: string) => {
      ordered.push(values[Number(n) - 1]);
      return '?';
    });
    return em.execute<T[]>(text, ordered);
  }
  const client = em.getKnex().client as { acquireConnection(): Promise<ClientBase>; releaseConnection(connection: ClientBase): unknown };
  const connection = await client.acquireConnection();
  try {
    return (await connection.query<T>({ name: statement.name, text: statement.text, values })).rows;
  } finally {
    client.releaseConnection(connection);
  }
}
