import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, forgetCsrfToken, refreshCsrfToken, unwrap, type Schemas } from './api/client';

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
    client.setQueryData(['me'], me);
    return me;
  };
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
