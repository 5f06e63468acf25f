import type { ReactNode } from 'react';
import { useCairn } from './auth-context.tsx';
import { Link, useLocation } from './router.tsx';

const NAV = [
  { to: '/experiments', label: 'Experiments' },
  { to: '/models', label: 'Models' },
  { to: '/datasets', label: 'Datasets' },
  { to: '/audit', label: 'Audit' },
] as const;

/** The frame of every page: brand, main navigation, who is signed in. */
export function Layout({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const { me, signedIn, signOut } = useCairn();
  const current = (to: string) =>
    pathname === to ||
    pathname.startsWith(`${to}/`) ||
    (to === '/experiments' && pathname.startsWith('/runs/'));
  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/experiments" className="brand">
          Cairn
        </Link>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <Link
                  to={item.to}
                  aria-current={current(item.to) ? 'page' : undefined}
                  data-testid={`nav-${item.label.toLowerCase()}`}
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="user" data-testid="current-user">
          <span>{me.username}</span>
          {signedIn && (
            <button type="button" onClick={signOut} data-testid="sign-out">
              Sign out
            </button>
          )}
        </div>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}
