import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileEmailRecord, FileEmailSender } from './file-email.sender';

describe(FileEmailSender.name, () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'mais-emails-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('creates the directory and writes one JSON file per message', async () => {
    const directory = join(root, 'nested', 'emails');
    const sender = new FileEmailSender(directory);

    const first = await sender.send({ to: 'ada@example.com', subject: 'One', text: 'first', html: '<p>first</p>', tag: 'booking-confirmed' });
    const second = await sender.send({ to: 'grace@example.com', subject: 'Two', text: 'second', html: '<p>second</p>' });

    const files = (await readdir(directory)).sort();
    expect(files).toHaveLength(2);
    const records = await Promise.all(files.map(async (f) => JSON.parse(await readFile(join(directory, f), 'utf8')) as FileEmailRecord));
    expect(records[0]).toEqual({
      to: 'ada@example.com',
      subject: 'One',
      text: 'first',
      html: '<p>first</p>',
      tag: 'booking-confirmed',
      sentAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      messageId: first.messageId,
    });
    expect(records[1]).toMatchObject({ to: 'grace@example.com', tag: null, messageId: second.messageId });
  });

  it('names each file by send time and message id, so a sorted listing is in send order', async () => {
    const sender = new FileEmailSender(root);

    const sent = [];
    for (const subject of ['a', 'b', 'c']) {
      sent.push(await sender.send({ to: 'ada@example.com', subject, text: subject, html: subject }));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }

    const files = (await readdir(root)).sort();
    expect(files.map((f) => f.slice(-41, -5))).toEqual(sent.map((s) => s.messageId));
    expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-[0-9a-f-]{36}\.json$/);
  });

  it('keeps send order for messages sent within the same millisecond', async () => {
    const sender = new FileEmailSender(root);

    const sent = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((subject) => sender.send({ to: 'ada@example.com', subject, text: subject, html: subject })));

    const files = (await readdir(root)).sort();
    expect(files.map((f) => f.slice(-41, -5))).toEqual(sent.map((s) => s.messageId));
  });
});
