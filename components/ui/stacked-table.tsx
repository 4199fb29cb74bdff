// A table that turns each row into a labelled card below the md breakpoint, so lists with
// many columns stay readable at 390 px without scrolling sideways. The explicit roles keep
// the table semantics that `display: block` would otherwise take away from screen readers.

export type StackedColumn<T> = {
  header: string;
  cell: (row: T) => React.ReactNode;
  className?: string;
  /** The card's title on small screens: shown without its column name. */
  primary?: boolean;
  /** A column of buttons: its header is for screen readers only. */
  actions?: boolean;
};

const CELL = 'block px-4 py-1 md:table-cell md:px-4 md:py-3 md:align-middle';
const LABELLED =
  'before:mr-2 before:text-xs before:font-medium before:uppercase before:tracking-wide before:text-slate-500 before:content-[attr(data-label)] md:before:content-none';

export function StackedTable<T>({
  columns,
  rows,
  rowKey,
  testId,
  rowTestId,
  rowClassName,
}: {
  columns: StackedColumn<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  testId?: string;
  rowTestId?: string;
  rowClassName?: (row: T) => string;
}) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white shadow-sm md:overflow-x-auto">
      <table role="table" className="block w-full text-sm md:table md:min-w-full" data-testid={testId}>
        <thead role="rowgroup" className="sr-only md:not-sr-only md:table-header-group">
          <tr role="row" className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
            {columns.map((column) => (
              <th key={column.header} role="columnheader" scope="col" className={`px-4 py-3 ${column.className ?? ''}`}>
                {column.actions ? <span className="sr-only">{column.header}</span> : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup" className="block divide-y divide-slate-100 md:table-row-group md:border-t md:border-slate-200">
          {rows.map((row) => (
            <tr
              key={rowKey(row)}
              role="row"
              data-testid={rowTestId}
              className={`block py-3 md:table-row md:py-0 ${rowClassName?.(row) ?? 'hover:bg-slate-50'}`}
            >
              {columns.map((column) => (
                <td
                  key={column.header}
                  role="cell"
                  data-label={column.primary || column.actions ? undefined : column.header}
                  className={`${CELL} ${column.primary ? 'pb-1.5 font-medium text-slate-900' : column.actions ? 'pt-2 md:text-right' : LABELLED} ${column.className ?? ''}`}
                >
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
