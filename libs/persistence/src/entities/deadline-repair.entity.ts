import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The progress of one SLA repair (the deadlines of every open case recomputed after a calendar override):
 * `after` is the last case id done, moved by compare-and-set with the job of the next batch in one transaction.
 * An unfinished repair whose job is gone (a crash, a lost Redis) is resumed from here by the sla sweep.
 */
@Entity('deadline_repairs')
export class DeadlineRepairEntity {
  @PrimaryColumn({ name: 'change_id', type: 'varchar', length: 80 }) changeId: string;
  @Column({ type: 'uuid' }) after: string;
  @Column({ type: 'int', default: 0 }) repaired: number;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt: Date | null;
}
