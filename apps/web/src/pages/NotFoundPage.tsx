import { usePageTitle } from '../components/Layout';
import { Link } from '../router';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no page at this address. Go to the <Link to="/">overview</Link>.
      </p>
    </>
  );
}
