import { Table, type Column } from '@/components/ui/table';

type Header = [name: string, value: string];

const COLUMNS: Column<Header>[] = [
  {
    header: 'Name',
    rowHeader: true,
    headerClassName: 'w-1/3 px-3 py-2',
    cellClassName: 'whitespace-nowrap px-3 py-1.5 text-left align-top font-medium text-slate-700',
    cell: ([name]) => name,
  },
  { header: 'Value', headerClassName: 'px-3 py-2', cellClassName: 'break-all px-3 py-1.5 text-slate-800', cell: ([, value]) => value },
];

export function HeadersTable({ headers, label, testId }: { headers: Record<string, string>; label: string; testId?: string }) {
  const entries = Object.entries(headers).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="text-sm text-slate-500">No headers.</p>;
  return <Table frame="compact" columns={COLUMNS} rows={entries} rowKey={([name]) => name} caption={label} testId={testId} />;
}
