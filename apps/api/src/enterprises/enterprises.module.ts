import { Module } from '@nestjs/common';
import { EnterprisesController } from './enterprises.controller';
import { EnterpriseReader } from './enterprise-reader';
import { RegisterEnterprise } from './register-enterprise';
import { UpdateProfile } from './update-profile';
import { SetBlacklist } from './set-blacklist';
import { ActivateEnterprise } from './activate-enterprise';

/** Enterprises: register, activate, profile, blacklist. */
@Module({
  controllers: [EnterprisesController],
  providers: [EnterpriseReader, RegisterEnterprise, UpdateProfile, SetBlacklist, ActivateEnterprise],
})
export class EnterprisesModule {}
