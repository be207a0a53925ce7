import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Reference data: a county-level division of the bureau's area by its GB/T 2260 code, seeded from the repo's data. */
@Entity('regions')
export class RegionEntity {
  @PrimaryColumn({ type: 'varchar', length: 6 }) code: string;
  @Column({ name: 'name_zh', type: 'text' }) nameZh: string;
  @Column({ type: 'varchar', length: 32 }) kind: string;
  @Column({ type: 'text', nullable: true }) note: string | null;
}
