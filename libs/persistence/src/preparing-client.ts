import { Client } from 'pg';

/** Distinct statements one connection keeps prepared; SQL beyond them (dynamic lists, one-off reads) runs unnamed. */
export const MAX_PREPARED = 256;
/**
 * Longer statements are planned at every call: they are the set-based ones (arming a batch of cases, firing an
 * instant, an import batch) whose input is a set in a parameter, which a generic plan cannot size — arming through
 * a prepared statement measured 2.3 → 3.1 ms per case, and worse as the alarm rows grew.
 */
export const MAX_PREPARED_LENGTH = 3_000;
/**
 * A long statement that starts with this is prepared all the same: its input is one row (a transition arming its
 * own case), so a generic plan fits it, and planning its twenty-odd CTEs at every call was the largest single
 * cost of a transition in PostgreSQL (parse 0.7 ms + plan 2.0 ms of its 4.3 ms, pipeline bench, statement log).
 */
export const PLAN_ONCE = '/* plan once */';

type Callback = (error: Error | null, result?: unknown) => void;
const plainQuery = Client.prototype.query as (this: Client, config: unknown, values?: unknown, callback?: Callback) => unknown;

/**
 * The pool's client: each parameterised statement runs as a prepared statement named on its connection, so
 * PostgreSQL parses it once per connection and, after its first executions, reuses its plan (plan_cache_mode
 * `auto` keeps a custom plan wherever the generic one would cost more). Unnamed, every call was parsed and
 * planned again: in the pipeline bench planning took 45 % of PostgreSQL's statement time (13.6 s planning
 * against 16.4 s executing), most of it for the few statements every transition runs.
 */
export class PreparingClient extends Client {
  private readonly prepared = new Map<string, string>();

  /** The statement's name on this connection, or undefined when it is not to be prepared. */
  nameOf(text: string): string | undefined {
    if (text.length > MAX_PREPARED_LENGTH && !text.startsWith(PLAN_ONCE)) return undefined;
    let name = this.prepared.get(text);
    if (name === undefined && this.prepared.size < MAX_PREPARED) {
      name = `sf${this.prepared.size}`;
      this.prepared.set(text, name);
    }
    return name;
  }
}

// Assigned on the prototype: pg's typings overload `query` a dozen ways, and only its (text, values, callback)
// call — the one TypeORM makes — is changed here.
(PreparingClient.prototype as unknown as { query: unknown }).query = function query(
  this: PreparingClient, config: unknown, values?: unknown, callback?: Callback,
) {
  if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
    const name = this.nameOf(config);
    if (name !== undefined) return plainQuery.call(this, { name, text: config, values }, undefined, callback);
  }
  return plainQuery.call(this, config, values, callback);
};
