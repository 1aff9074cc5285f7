import Link from 'next/link';
import type { NistMapping } from '@/lib/catalog/nist';

/** The NIST SP 800-53 rev5 controls a Refmap control gives evidence for, and its severity, for the auditor's RMF view. */
export function NistPanel({ mapping }: { mapping: NistMapping }) {
  return (
    <section aria-labelledby="nist-heading" className="rounded border border-gray-200 bg-white p-4">
      <h2 id="nist-heading" className="font-semibold">
        NIST SP 800-53 rev5
      </h2>
      <p className="mt-1 text-sm">
        Severity <strong>{mapping.severity}</strong>: {mapping.severityReason}
      </p>
      {mapping.nist.length === 0 ? (
        <p className="mt-2 text-sm text-gray-700">Not mapped to NIST SP 800-53: this control comes from the organisation’s own catalog.</p>
      ) : (
        <table className="mt-2 w-full text-left text-sm">
          <thead>
            <tr className="border-b border-gray-200">
              <th scope="col" className="py-1 pr-3 font-medium">
                Control
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                NIST title
              </th>
              <th scope="col" className="py-1 font-medium">
                What this control’s evidence shows
              </th>
            </tr>
          </thead>
          <tbody>
            {mapping.nist.map((item) => (
              <tr key={item.id} className="border-b border-gray-100 align-top">
                <td className="py-1 pr-3 font-mono whitespace-nowrap">
                  <Link href={`/?nist=${encodeURIComponent(item.id)}`} className="text-blue-800 underline">
                    {item.id}
                  </Link>
                </td>
                <td className="py-1 pr-3">{item.title}</td>
                <td className="py-1">{item.rationale}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
