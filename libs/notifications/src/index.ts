export { renderEmail } from './templates/render-email';
export type {
  BookingCancelledEmailModel,
  BookingConfirmedEmailModel,
  BookingEmailModel,
  BookingNewTenantEmailModel,
  EmailBranding,
  EmailCustomer,
  EmailLineItem,
  EmailModels,
  PaymentRefundedDateTakenEmailModel,
  RenderedEmail,
} from './templates/email-models';
export { formatEventDate } from './templates/format';
export { PostmarkEmailSender, classifyPostmarkError } from './postmark-email.sender';
export type { PostmarkEmailSenderOptions } from './postmark-email.sender';
export { FileEmailSender } from './file-email.sender';
export type { FileEmailRecord } from './file-email.sender';
export { NotificationsModule } from './notifications.module';
export { BookingNotificationService, dedupeKeyOf } from './booking-notification.service';
export type { BookingNotificationRequest, BookingNotificationResult, DeliveryOutcome } from './booking-notification.service';
export * from './email-delivery.entity';
export { NOTIFICATIONS_ENTITIES } from './entities';
