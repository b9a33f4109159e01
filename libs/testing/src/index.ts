export * from './test-services';
export * from './fakes/fake-stripe.server';
export * from './fakes/fake-postmark.server';
export * from './fakes/fake-google.server';
export * from './tcp-proxy';
export * from './browser';
export * from './fakes/webhook-receiver';
