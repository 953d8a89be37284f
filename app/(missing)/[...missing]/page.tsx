import { notFound } from 'next/navigation';

// Any address no page answers: the dashboard's own "not found" page, with its navigation,
// rather than the framework's bare one.
export default function MissingPage(): never {
  notFound();
}
