/**
 * Runs an `UPDATE … RETURNING` and gives back its rows. TypeORM's raw query answers an UPDATE with
 * `[rows, affected]` instead of the rows, which would read as "one row updated" even when none was.
 */
export async function updateReturning<T>(
  runner: { query(sql: string, params?: unknown[]): Promise<unknown> },
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const result = await runner.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}
