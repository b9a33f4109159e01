import { PermanentEmailError } from '@mais/domain';
import { FakePostmarkServer } from '@mais/testing';
import { PostmarkEmailSender } from './postmark-email.sender';

const message = {
  to: 'ada@example.com',
  subject: 'Booking confirmed',
  text: 'Your date is reserved.',
  html: '<p>Your date is reserved.</p>',
  tag: 'booking-confirmed',
};

describe(PostmarkEmailSender.name, () => {
  let postmark: FakePostmarkServer;
  let sender: PostmarkEmailSender;

  beforeAll(async () => {
    postmark = await FakePostmarkServer.start();
  });
  afterAll(() => postmark.stop());
  beforeEach(() => {
    postmark.reset();
    sender = new PostmarkEmailSender({ serverToken: postmark.serverToken, fromEmail: 'bookings@mais.example', apiUrl: postmark.url });
  });

  it('sends the message through Postmark with the server token, sender, recipient, subject, bodies and tag', async () => {
    const sent = await sender.send(message);

    expect(postmark.messages).toHaveLength(1);
    expect(postmark.messages[0]).toMatchObject({
      serverToken: postmark.serverToken,
      From: 'bookings@mais.example',
      To: 'ada@example.com',
      Subject: 'Booking confirmed',
      TextBody: 'Your date is reserved.',
      HtmlBody: '<p>Your date is reserved.</p>',
      Tag: 'booking-confirmed',
    });
    expect(sent.messageId).toBe(postmark.messages[0].MessageID);
  });

  it('throws a retryable error, not a PermanentEmailError, when Postmark answers 500', async () => {
    postmark.failNext(1, { status: 500 });

    const error = await sender.send(message).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentEmailError);
    expect((error as Error).message).toContain('HTTP 500');
    await expect(sender.send(message)).resolves.toEqual({ messageId: expect.any(String) });
  });

  it('throws a retryable error when Postmark throttles with 429', async () => {
    postmark.failNext(1, { status: 429, message: 'Rate limit exceeded' });

    await expect(sender.send(message)).rejects.not.toBeInstanceOf(PermanentEmailError);
  });

  it('throws a retryable error when the connection drops', async () => {
    postmark.failNext(1, { disconnect: true });

    const error = await sender.send(message).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentEmailError);
  });

  it('throws PermanentEmailError with code 406 when the recipient is inactive', async () => {
    postmark.failNext(1, { status: 422, errorCode: 406 });

    const error = await sender.send(message).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PermanentEmailError);
    expect((error as PermanentEmailError).providerCode).toBe(406);
    expect(postmark.messages).toHaveLength(0);
  });

  it('throws PermanentEmailError with code 300 when the address is invalid', async () => {
    const error = await sender.send({ ...message, to: 'not-an-address' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PermanentEmailError);
    expect((error as PermanentEmailError).providerCode).toBe(300);
  });

  it('treats a wrong server token as a retryable platform misconfiguration, not as an undeliverable message', async () => {
    const misconfigured = new PostmarkEmailSender({ serverToken: 'wrong', fromEmail: 'bookings@mais.example', apiUrl: postmark.url });

    const error = await misconfigured.send(message).catch((e: unknown) => e);

    expect(error).not.toBeInstanceOf(PermanentEmailError);
    expect((error as Error).message).toContain("Postmark refused the platform's configuration");
  });
});
