import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { createTestSettings } from '@mais/testing';
import { CliModule } from '../src/cli.module';
import { runCommand, UsageError } from '../src/commands';

describe('the operator CLI', () => {
  let app: INestApplicationContext;
  const printed: string[] = [];
  const run = (argv: string) => runCommand(app, argv.split(' '), { json: argv.includes('--json'), print: (s) => printed.push(s) });

  beforeAll(async () => {
    const settings = await createTestSettings({ DATA_DIR: mkdtempSync(join(tmpdir(), 'mais-cli-')) });
    app = await NestFactory.createApplicationContext(CliModule.forRoot(settings), { logger: false });
  });
  afterAll(() => app?.close());

  it('creates a tenant and returns its keys as one JSON object', async () => {
    const result = await run('tenant create --name Bella --slug bella --commission 12.5 --json');
    expect(result).toEqual({
      tenant: { id: expect.any(String), name: 'Bella', slug: 'bella', commissionPercent: 12.5 },
      keys: { publicKey: expect.stringMatching(/^pk_live_bella_/), secretKey: expect.stringMatching(/^sk_live_bella_/) },
    });
  });

  it('creates a tenant admin for a tenant by slug, and rotates keys', async () => {
    const user = await run('user create --email owner@bella.test --password Owner-Pass-2026 --role TENANT_ADMIN --tenant bella --json');
    expect(user).toMatchObject({ user: { email: 'owner@bella.test', role: 'TENANT_ADMIN', tenantId: expect.any(String) } });
    const first = (await run('tenant rotate-keys --slug bella --json')) as { keys: { publicKey: string } };
    const second = (await run('tenant rotate-keys --slug bella --json')) as { keys: { publicKey: string } };
    expect(second.keys.publicKey).not.toBe(first.keys.publicKey);
  });

  it('explains usage mistakes instead of failing obscurely', async () => {
    await expect(run('tenant create --name X')).rejects.toThrow(new UsageError('--slug is required'));
    await expect(run('tenant explode')).rejects.toThrow(UsageError);
    await expect(run('user create --email a@b.co --password x --role KING')).rejects.toThrow(/--role must be one of/);
    await expect(run('tenant create --name X --slug bella --commission 10')).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses the logins the API would refuse: a short password, an email login cannot take', async () => {
    await expect(run('user create --email owner2@bella.test --password abc --role TENANT_ADMIN --tenant bella')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [{ field: 'password', message: 'must be 10 to 200 characters long' }] },
    });
    await expect(run('user create --email owner@localhost --password Long-Enough-2026 --role PLATFORM_ADMIN')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [{ field: 'email', message: 'must be an email address of at most 254 characters' }] },
    });
    await expect(run('user create --email owner2@bella.test --password Long-Enough-2026 --role TENANT_ADMIN --tenant bella --json')).resolves.toMatchObject({
      user: { email: 'owner2@bella.test' },
    });
  });
});

describe('the operator CLI process', () => {
  it('asks whether npm start is running when the embedded database it recorded does not answer', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mais-cli-'));
    // A port nothing listens on, as left behind by an npm start that has stopped.
    writeFileSync(join(dataDir, 'embedded-postgres.json'), JSON.stringify({ url: 'postgresql://postgres@127.0.0.1:1/mais' }));
    const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, TS_NODE_SWC: 'true' };
    delete env.DATABASE_URL;
    delete env.NODE_ENV;
    const result = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', 'apps/cli/src/main.ts', 'tenant', 'create', '--name', 'X', '--slug', 'xx', '--json'],
      { cwd: join(__dirname, '../../..'), env, encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ error: 'Cannot reach the embedded database of npm start: is `npm start` running? (or set DATABASE_URL)' });
  });
});
