/** An RFC 6902 operation, as the API's diffs and proposals give them. */
export interface Operation {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

/** The value at a JSON pointer, or undefined. */
export function at(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  let current: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const show = (value: unknown) => (value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value, null, 1));

/** A diff side by side: each changed field, its value before and after (`before` is the document the operations apply to). */
export function DiffTable(props: { before: unknown; operations: Operation[]; beforeLabel: string; afterLabel: string; caption: string }) {
  if (props.operations.length === 0) return <p>No differences.</p>;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label="Table (scrolls sideways on a small screen)">
      <table class="list diff">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">{props.beforeLabel}</th>
            <th scope="col">{props.afterLabel}</th>
          </tr>
        </thead>
        <tbody>
          {props.operations.map((operation, i) => (
            <tr key={i} class={`op-${operation.op}`}>
              <th scope="row">
                <code>{operation.path.slice(1).replaceAll('/', '.') || '(whole document)'}</code>
              </th>
              <td class="before">
                <pre>{operation.op === 'add' ? '—' : show(at(props.before, operation.path))}</pre>
              </td>
              <td class="after">
                <pre>
                  {operation.op === 'remove'
                    ? '(removed)'
                    : operation.op === 'move' || operation.op === 'copy'
                      ? show(at(props.before, operation.from ?? ''))
                      : show(operation.value)}
                </pre>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
