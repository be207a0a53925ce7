import { EntityManager } from 'typeorm';
import { CsvRecord } from '@app/domain';
import { readCsv } from '@app/persistence';

/** Bytes read per round trip: a slice of the stored file, so memory stays flat whatever its size. */
const SLICE_BYTES = 1 << 20;

/** The stored file's bytes, slice by slice from PostgreSQL. */
async function* fileSlices(manager: EntityManager, importId: string, sizeBytes: number): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < sizeBytes; offset += SLICE_BYTES) {
    const [{ slice }]: { slice: Buffer }[] = await manager.query(
      // substring on bytea counts from 1
      'SELECT substring(content FROM $2 FOR $3) AS slice FROM offer_imports WHERE id = $1',
      [importId, offset + 1, SLICE_BYTES],
    );
    yield slice;
  }
}

/** The records of a stored offer file, header first, read slice by slice (a slice may split a character). */
export function offerFileRecords(manager: EntityManager, importId: string, sizeBytes: number): AsyncGenerator<CsvRecord> {
  return readCsv(fileSlices(manager, importId, sizeBytes));
}
