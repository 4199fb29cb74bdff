export function HeadersTable({ headers, label, testId }: { headers: Record<string, string>; label: string; testId?: string }) {
  const entries = Object.entries(headers).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="text-sm text-slate-500">No headers.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200">
      <table className="min-w-full text-xs" data-testid={testId}>
        <caption className="sr-only">{label}</caption>
        <thead className="bg-slate-50 text-left font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="w-1/3 px-3 py-2">
              Name
            </th>
            <th scope="col" className="px-3 py-2">
              Value
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 font-mono">
          {entries.map(([name, value]) => (
            <tr key={name}>
              <th scope="row" className="whitespace-nowrap px-3 py-1.5 text-left align-top font-medium text-slate-700">
                {name}
              </th>
              <td className="break-all px-3 py-1.5 text-slate-800">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
