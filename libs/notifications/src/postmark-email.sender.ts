import { EmailMessage, EmailSender, PermanentEmailError, SentEmail } from '@mais/domain';
import { Errors, ServerClient } from 'postmark';

export interface PostmarkEmailSenderOptions {
  /** POSTMARK_SERVER_TOKEN. */
  serverToken: string;
  /** POSTMARK_FROM_EMAIL: a confirmed sender signature or domain in Postmark. */
  fromEmail: string;
  /** POSTMARK_API_URL, e.g. `http://127.0.0.1:4010` for a local fake; default Postmark's own API. */
  apiUrl?: string;
  /** Postmark message stream; default Postmark's "outbound". */
  messageStream?: string;
  /** Per-request timeout; the client's own default (180 s) would hold a queue job far too long. */
  timeoutSeconds?: number;
}

/**
 * Postmark API error codes (carried in a 422 body) that mean the platform's own setup is wrong: a bad
 * token, an unconfirmed sender, a suspended account. Not the message's fault, so it is not marked as
 * undeliverable; the job fails, retries, and ends in the dead-letter view until an operator fixes it.
 */
const ACCOUNT_ERROR_CODES = new Set([10, 400, 401, 405, 412, 413]);

/** Sends through the official Postmark client; sorts its failures into permanent and retryable. */
export class PostmarkEmailSender extends EmailSender {
  private readonly client: ServerClient;

  constructor(private readonly options: PostmarkEmailSenderOptions) {
    super();
    this.client = new ServerClient(options.serverToken, {
      ...endpointOptions(options.apiUrl),
      timeout: options.timeoutSeconds ?? 30,
    });
  }

  async send(message: EmailMessage): Promise<SentEmail> {
    let response;
    try {
      response = await this.client.sendEmail({
        From: this.options.fromEmail,
        To: message.to,
        Subject: message.subject,
        TextBody: message.text,
        HtmlBody: message.html,
        Tag: message.tag,
        MessageStream: this.options.messageStream,
      });
    } catch (error) {
      throw classifyPostmarkError(error);
    }
    if (response.ErrorCode !== 0) {
      throw classifyPostmarkError(new Errors.PostmarkError(response.Message, response.ErrorCode, 200));
    }
    return { messageId: response.MessageID };
  }
}

function endpointOptions(apiUrl: string | undefined): { useHttps?: boolean; requestHost?: string } {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  // The client builds `${scheme}://${requestHost}/email`, so a path prefix rides along in requestHost.
  return { useHttps: url.protocol === 'https:', requestHost: url.host + url.pathname.replace(/\/+$/, '') };
}

/**
 * PermanentEmailError when resending the same message can never succeed (inactive recipient 406,
 * invalid address 300, any other refusal of the request itself); a plain Error, for the queue to
 * retry, on network failures, timeouts, 429, 5xx and platform-setup errors.
 */
export function classifyPostmarkError(error: unknown): Error {
  if (!(error instanceof Errors.PostmarkError)) {
    return new Error(`Postmark send failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { statusCode, code } = error;
  const detail = `${error.message} (HTTP ${statusCode || 'none'}, Postmark code ${code})`;
  if (statusCode === 0) return new Error(`Postmark could not be reached: ${error.message}`);
  if (statusCode === 401 || statusCode === 404 || ACCOUNT_ERROR_CODES.has(code)) {
    return new Error(`Postmark refused the platform's configuration: ${detail}`);
  }
  if (statusCode === 408 || statusCode === 429 || statusCode >= 500) {
    return new Error(`Postmark is unavailable or throttling: ${detail}`);
  }
  if (statusCode >= 400 || code !== 0) {
    return new PermanentEmailError(`Postmark rejected the message: ${detail}`, code || undefined);
  }
  return new Error(`Postmark send failed: ${detail}`);
}
