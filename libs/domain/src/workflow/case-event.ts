/**
 * The name of a case change, for webhooks and the enterprise's inbox alike: `case.<state entered>`, or, for a
 * change that keeps the state (按比例核减), `case.<action>` — a receiver must not read it as entering the state again.
 */
export function caseEventName(change: { from: string; to: string; action: string }): string {
  return change.from === change.to ? `case.${change.action}` : `case.${change.to}`;
}
