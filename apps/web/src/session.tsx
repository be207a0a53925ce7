import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, forgetCsrfToken, refreshCsrfToken, unwrap, type Schemas } from './api/client';
import i18n from './i18n';
import type { Language } from './language';

export type Me = Schemas['MeDto'];

/** Who is logged in (the session cookie), or null. Also fetches the CSRF token of the session. */
export function useSession() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<Me | null> => {
      const { me } = await unwrap(api.GET('/api/v1/auth/session'));
      if (me) await refreshCsrfToken();
      return me;
    },
    staleTime: 60_000,
  });
}

export function useLogin() {
  const client = useQueryClient();
  return async (username: string, password: string, totp?: string): Promise<Me> => {
    await unwrap(api.POST('/api/v1/auth/login', { body: totp ? { username, password, totp } : { username, password } }));
    await refreshCsrfToken();
    const me = await unwrap(api.GET('/api/v1/auth/me'));
    // Never the log-in's failure: an account with a step pending (a one-time password to change, an authenticator to
    // set up) is refused everything else until then, this too; the header's switch sets it afterwards.
    await keepMessageLanguage(i18n.language === 'en' ? 'en' : 'zh').catch(() => undefined);
    client.setQueryData(['me'], me);
    return me;
  };
}

/**
 * A person is told in the language they use the site in: the account's message language (its in-app messages, each
 * written in it when sent) follows the page's, at log-in and at the header's switch. Written only when it differs.
 */
export async function keepMessageLanguage(page: Language): Promise<void> {
  const language = page === 'en' ? 'en' : 'zh-CN';
  const current = await unwrap(api.GET('/api/v1/account/preferences'));
  if (current.language !== language) await unwrap(api.PATCH('/api/v1/account/preferences', { body: { language } }));
}

export function useLogout() {
  const client = useQueryClient();
  return async () => {
    await api.POST('/api/v1/auth/logout');
    forgetCsrfToken();
    client.clear();
    client.setQueryData(['me'], null);
  };
}

export const STAFF_REVIEW_ROLES = ['district_reviewer', 'city_reviewer', 'expert', 'director'];
