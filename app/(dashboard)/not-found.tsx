import { NotFoundView } from '@/components/layout/not-found-view.tsx';

// A host, pool or version that does not exist (the page called notFound()).
export default function NotFound() {
  return <NotFoundView />;
}
