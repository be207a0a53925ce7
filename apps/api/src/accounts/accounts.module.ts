import { Module } from '@nestjs/common';
import { AccountPreferencesController } from './account-preferences.controller';

/** An account's own preferences (language, notification e-mail). */
@Module({
  controllers: [AccountPreferencesController],
})
export class AccountsModule {}
