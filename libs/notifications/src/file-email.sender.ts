import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EmailMessage, EmailSender, SentEmail } from '@mais/domain';

/** The JSON document written per message. */
export interface FileEmailRecord {
  to: string;
  subject: string;
  text: string;
  html: string;
  tag: string | null;
  sentAt: string;
  messageId: string;
}

/**
 * Writes each message as one JSON file (`<sentAt>-<messageId>.json`, so a directory listing sorts by
 * time): the email sink for `npm start` without POSTMARK_SERVER_TOKEN, and for tests.
 */
export class FileEmailSender extends EmailSender {
  readonly directory: string;
  private lastSentAtMs = 0;

  constructor(directory = '.data/emails') {
    super();
    this.directory = resolve(directory);
  }

  async send(message: EmailMessage): Promise<SentEmail> {
    // Names sort by send time, taken before anything is awaited: two sends within one millisecond get
    // consecutive milliseconds in the order they were made, not a random one.
    const sentAt = new Date(Math.max(Date.now(), this.lastSentAtMs + 1));
    this.lastSentAtMs = sentAt.getTime();
    await mkdir(this.directory, { recursive: true });
    const messageId = randomUUID();
    const record: FileEmailRecord = {
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      tag: message.tag ?? null,
      sentAt: sentAt.toISOString(),
      messageId,
    };
    const name = `${sentAt.toISOString().replace(/[:.]/g, '-')}-${messageId}.json`;
    // Written aside and renamed, so whoever watches the directory never reads half a file.
    const temporary = join(this.directory, `.${name}.tmp`);
    await writeFile(temporary, JSON.stringify(record, null, 2) + '\n', { flag: 'wx' });
    await rename(temporary, join(this.directory, name));
    return { messageId };
  }
}
