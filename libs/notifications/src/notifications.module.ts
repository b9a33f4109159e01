import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { ConfigVersioningModule } from '@mais/config-versioning';
import { EmailSender } from '@mais/domain';
import { Settings } from '@mais/settings';
import { BookingNotificationService } from './booking-notification.service';
import { FileEmailSender } from './file-email.sender';
import { PostmarkEmailSender } from './postmark-email.sender';

/**
 * Provides the EmailSender port (Postmark when POSTMARK_SERVER_TOKEN is set, else JSON files under
 * .data/emails/) and BookingNotificationService, which the `emails` jobs call.
 */
@Module({
  imports: [ConfigVersioningModule],
  providers: [
    {
      provide: EmailSender,
      inject: [Settings],
      useFactory: (s: Settings) =>
        s.postmarkServerToken
          ? new PostmarkEmailSender({ serverToken: s.postmarkServerToken, fromEmail: s.postmarkFromEmail, apiUrl: s.postmarkApiUrl })
          : new FileEmailSender(join(s.dataDir, 'emails')),
    },
    BookingNotificationService,
  ],
  exports: [EmailSender, BookingNotificationService],
})
export class NotificationsModule {}
