import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="rounded border border-gray-200 bg-white p-6">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-1 text-gray-700">There is no such control, cluster or snapshot.</p>
      <Link href="/" className="mt-3 inline-block text-blue-800 underline">
        Back to the matrix
      </Link>
    </div>
  );
}
