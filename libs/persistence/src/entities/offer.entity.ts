import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A 免申即享 offer: the case an import opened, the line it came from, and the moment it lapses unless the
 * enterprise confirms (the working-day deadline, fixed on the offer day). The sweep finds overdue offers here.
 */
@Entity('offers')
@Index('ix_offers_batch', ['importId', 'batchNo'])
export class OfferEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ name: 'import_id', type: 'uuid' }) importId: string;
  /** The import batch that opened it (its jobs notify and lapse the batch's offers); null before those jobs. */
  @Column({ name: 'batch_no', type: 'int', nullable: true }) batchNo: number | null;
  @Column({ type: 'int' }) line: number;
  @Index() @Column({ name: 'lapses_at', type: 'timestamptz' }) lapsesAt: Date;
}
