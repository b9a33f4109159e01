export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Provider-side tag/stream, e.g. the template name. */
  tag?: string;
}

export interface SentEmail {
  messageId: string;
}

/** A failure the provider will not fix by retrying (inactive recipient, invalid address). */
export class PermanentEmailError extends Error {
  constructor(
    message: string,
    readonly providerCode?: number,
  ) {
    super(message);
    this.name = 'PermanentEmailError';
  }
}

/** Sends one email. Adapters: PostmarkEmailSender, FileEmailSender. Retryable failures throw plain errors. */
export abstract class EmailSender {
  abstract send(message: EmailMessage): Promise<SentEmail>;
}
