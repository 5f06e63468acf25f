import { useEffect } from 'react';
import { navigate } from './router.tsx';

/** Replaces the current history entry with `to` (e.g. `/` → `/experiments`). */
export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
