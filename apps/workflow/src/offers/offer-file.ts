import { EntityManager } from 'typeorm';
import { CsvRecord, CsvSplitter } from '@app/domain';

/** Bytes read per round trip: a slice of the stored file, so memory stays flat whatever its size. */
const SLICE_BYTES = 1 << 20;

/** The records of a stored offer file, header first, read slice by slice from PostgreSQL. */
export async function* offerFileRecords(
  manager: EntityManager,
  importId: string,
  sizeBytes: number,
): AsyncGenerator<CsvRecord> {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const splitter = new CsvSplitter();
  for (let offset = 0; offset < sizeBytes; offset += SLICE_BYTES) {
    const [{ slice }]: { slice: Buffer }[] = await manager.query(
      // substring on bytea counts from 1
      'SELECT substring(content FROM $2 FOR $3) AS slice FROM offer_imports WHERE id = $1',
      [importId, offset + 1, SLICE_BYTES],
    );
    yield* splitter.push(decoder.decode(slice, { stream: true }));
  }
  yield* splitter.push(decoder.decode());
  yield* splitter.finish();
}
