import type { RenderedEmail, WebhookEndpointDisabledEmailModel } from './email-models';
import { oneLine, safeUrl } from './format';
import { html } from './html';
import { htmlButton, htmlLayout, htmlReference, paragraph, textLayout, themeOf } from './layout';

/** To the tenant's admins: MAIS stopped sending events to one of their webhook endpoints. */
export function renderWebhookEndpointDisabled(model: WebhookEndpointDisabledEmailModel): RenderedEmail {
  const theme = themeOf(model.tenant);
  const heading = 'A webhook endpoint was disabled';
  const since = new Date(model.failingSince).toUTCString();
  const lines = [
    `MAIS could not deliver events to ${model.url} since ${since}, so it has stopped sending to it.`,
    `The last error: ${model.reason}`,
    'Events that happen while it is disabled are not queued for it. Once the receiver works again, enable the endpoint ' +
      '(the console, or PATCH /v1/admin/webhook-endpoints/{id} with "enabled": true) and redeliver what it missed from its delivery log.',
  ];
  const consoleUrl = safeUrl(model.consoleUrl, ['https:', 'http:']);
  return {
    subject: oneLine(`Webhook endpoint disabled: ${model.url}`),
    html: htmlLayout(theme, {
      preheader: lines[0],
      heading,
      body: html`${lines.map((line) => paragraph(line))}${consoleUrl ? htmlButton(theme, consoleUrl, 'Open the console') : html``}${htmlReference(
        'Endpoint',
        model.endpointId,
      )}`,
    }),
    text: textLayout(theme, {
      heading,
      body: [...lines.flatMap((line) => [line, '']), ...(consoleUrl ? [`Console: ${consoleUrl}`, ''] : []), `Endpoint: ${model.endpointId}`],
    }),
  };
}
