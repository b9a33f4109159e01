import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { loadSettings } from '@mais/settings';
import { createTestDatabase } from '@mais/testing';
import { CliModule } from '../src/cli.module';
import { runCommand, UsageError } from '../src/commands';

describe('the operator CLI', () => {
  let app: INestApplicationContext;
  const printed: string[] = [];
  const run = (argv: string) => runCommand(app, argv.split(' '), { json: argv.includes('--json'), print: (s) => printed.push(s) });

  beforeAll(async () => {
    const settings = loadSettings({
      NODE_ENV: 'test',
      DATABASE_URL: await createTestDatabase(),
      JWT_SECRET: randomBytes(32).toString('hex'),
      TENANT_SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'mais-cli-')),
    });
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
});
