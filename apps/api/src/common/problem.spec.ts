import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATUS_OF } from './problem';

describe('the error codes of the contract', () => {
  it('are the ones docs/api.md lists, each with its status', () => {
    const page = readFileSync(join(__dirname, '../../../../docs/api.md'), 'utf8');
    const documented = Object.fromEntries([...page.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map(([, code, status]) => [code, Number(status)]));
    expect(documented).toEqual(STATUS_OF);
  });
});
