import { Module } from '@nestjs/common';
import { EscalationController } from './escalation.controller';
import { EscalationChains } from './escalation-chains';

/** Who holds each post of a program's escalation chain, and its history. */
@Module({
  controllers: [EscalationController],
  providers: [EscalationChains],
})
export class EscalationModule {}
