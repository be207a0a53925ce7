import type { Schemas } from './api/client';

/** Where a user starts after logging in (also the landing page's link for a user already logged in). */
export function homeOf(me: Pick<Schemas['MeDto'], 'roles'>): string {
  if (me.roles.includes('enterprise')) return '/enterprise';
  if (me.roles.includes('administrator')) return '/admin';
  if (me.roles.includes('auditor')) return '/audit';
  if (me.roles.includes('director')) return '/review/director';
  if (me.roles.includes('expert') && !me.roles.some((r) => r.endsWith('_reviewer'))) return '/review/experts';
  return '/review';
}
