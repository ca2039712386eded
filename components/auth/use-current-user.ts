'use client';

import { useQuery } from '@tanstack/react-query';
import type { AuthUser } from '@/lib/auth/auth-user.ts';

/** The signed-in user, or null when there is none. */
export function useCurrentUser() {
  return useQuery({
    queryKey: ['auth', 'me'],
    queryFn: async (): Promise<AuthUser | null> => {
      const response = await fetch('/api/auth/me');
      if (response.status === 401) return null;
      if (!response.ok) throw new Error(`/api/auth/me answered ${response.status}`);
      return ((await response.json()) as { user: AuthUser }).user;
    },
    staleTime: 60_000,
  });
}
