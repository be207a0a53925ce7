import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A 免申即享 offer: the case an import opened, the line it came from, and the moment it lapses unless the
 * enterprise confirms (the working-day deadline, fixed on the offer day). The sweep finds overdue offers here.
 */
@Entity('offers')
export class OfferEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Index() @Column({ name: 'import_id', type: 'uuid' }) importId: string;
  @Column({ type: 'int' }) line: number;
  @Index() @Column({ name: 'lapses_at', type: 'timestamptz' }) lapsesAt: Date;
}
