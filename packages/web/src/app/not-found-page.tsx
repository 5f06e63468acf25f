import { Link } from './router.tsx';

export function NotFoundPage() {
  return (
    <section data-testid="not-found">
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address. Go to the <Link to="/experiments">experiments</Link>.
      </p>
    </section>
  );
}
