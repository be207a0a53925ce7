import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('programs')
export class ProgramEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 }) code: string;
  @Column({ name: 'name_zh', type: 'text' }) nameZh: string;
  @Column({ name: 'name_en', type: 'text' }) nameEn: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/**
 * One published version of a program's rules: stages, limits and calculator parameters, held whole in
 * `definition`. A version a case uses never changes; new rules are a new version.
 */
@Entity('program_versions')
@Index('uq_program_versions_label', ['programCode', 'version'], { unique: true })
export class ProgramVersionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'program_code', type: 'varchar', length: 40 }) programCode: string;
  @Column({ type: 'varchar', length: 20 }) version: string;
  @Column({ name: 'year_from', type: 'int' }) yearFrom: number;
  @Column({ name: 'year_to', type: 'int', nullable: true }) yearTo: number | null;
  @Column({ type: 'jsonb' }) definition: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
