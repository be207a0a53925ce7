import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditAnchors } from './audit-anchors';

/** The audit log: its streams, their verification and the signed heads (anchors). */
@Module({
  controllers: [AuditController],
  providers: [AuditAnchors],
})
export class AuditModule {}
