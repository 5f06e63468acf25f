import { AuthGate } from './auth-context.tsx';
import { Layout } from './layout.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { findRoute } from './route-match.ts';
import { useLocation } from './router.tsx';
import { routes } from './routes.tsx';

function CurrentPage() {
  const { pathname } = useLocation();
  const found = findRoute(routes, pathname);
  if (found === undefined) return <NotFoundPage />;
  return <>{found.route.render(found.params)}</>;
}

export function App() {
  return (
    <AuthGate>
      <Layout>
        <CurrentPage />
      </Layout>
    </AuthGate>
  );
}
