import { DynamicModule, Module } from '@nestjs/common';
import { BookingModule } from '@mais/domain';
import { Settings } from '@mais/settings';
import { BookingHttpModule } from '../bookings/booking-http.module';
import { DevCheckoutController } from './dev-checkout.controller';
import { DevOnboardingController } from './dev-onboarding.controller';

/** The simulated payment and onboarding pages, present only with simulated payments. */
@Module({})
export class DevCheckoutHttpModule {
  /**
   * `settings.simulatedPayments` decides whether the routes exist at all (and so whether they are in the
   * OpenAPI document); unknown settings, they are registered and answer 404 unless payments are simulated.
   */
  static forRoot(settings?: Settings): DynamicModule {
    const simulatedPayments = settings?.simulatedPayments ?? true;
    return {
      module: DevCheckoutHttpModule,
      imports: [BookingModule, BookingHttpModule],
      controllers: simulatedPayments ? [DevCheckoutController, DevOnboardingController] : [],
    };
  }
}
