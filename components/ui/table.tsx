// The console's one table. Three frames:
// - `card`: a bordered card that scrolls sideways when it must; columns hide themselves at
//   small widths through their classes (deliveries, webhooks).
// - `stacked`: each row turns into a labelled card below the md breakpoint, so lists with many
//   columns stay readable at 390 px; the explicit roles keep the table semantics that
//   `display: block` would otherwise take away from screen readers (API keys, forms).
// - `compact`: small print in a light frame, for name/value pairs (request headers).
// Rows may open something (click, Enter or Space) or just take focus for their own keys.

export type Column<T> = {
  header: string;
  cell: (row: T) => React.ReactNode;
  /** Classes of both the header and the cells. */
  className?: string;
  headerClassName?: string;
  cellClassName?: string;
  /** Attributes of each cell, such as a test id. */
  cellProps?: (row: T) => Record<`data-${string}`, string | undefined> & { title?: string };
  /** The cells are headers of their rows (`<th scope="row">`). */
  rowHeader?: boolean;
  /** Stacked: the card's title on small screens, shown without its column name. */
  primary?: boolean;
  /** A column of buttons: its header is for screen readers only. */
  actions?: boolean;
};

type DataAttributes = Record<`data-${string}`, string | undefined>;

export type RowOptions = DataAttributes & {
  'aria-label'?: string;
  'aria-current'?: 'true';
  className?: string;
  /** Opening the row: a click, or Enter or Space on the focused row. */
  onOpen?: () => void;
  /** Focusable without opening anything: the row has keys of its own. */
  focusable?: boolean;
  onKeyDown?: React.KeyboardEventHandler<HTMLTableRowElement>;
  onContextMenu?: React.MouseEventHandler<HTMLTableRowElement>;
};

type Frame = 'card' | 'stacked' | 'compact';

const FRAMES: Record<Frame, { wrapper: string; table: string; head: string; headRow: string; body: string; header: string; row: string }> = {
  card: {
    wrapper: 'overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm',
    table: 'min-w-full divide-y divide-slate-200 text-sm',
    head: 'bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500',
    headRow: '',
    body: 'divide-y divide-slate-100',
    header: '',
    row: '',
  },
  stacked: {
    wrapper: 'rounded-xl border border-slate-200 bg-white shadow-sm md:overflow-x-auto',
    table: 'block w-full text-sm md:table md:min-w-full',
    head: 'sr-only md:not-sr-only md:table-header-group',
    headRow: 'bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500',
    body: 'block divide-y divide-slate-100 md:table-row-group md:border-t md:border-slate-200',
    header: 'px-4 py-3',
    row: 'block py-3 md:table-row md:py-0',
  },
  compact: {
    wrapper: 'overflow-x-auto rounded-lg border border-slate-200',
    table: 'min-w-full text-xs',
    head: 'bg-slate-50 text-left font-medium uppercase tracking-wide text-slate-500',
    headRow: '',
    body: 'divide-y divide-slate-100 font-mono',
    header: '',
    row: '',
  },
};

const INTERACTIVE_ROW =
  'outline-none hover:bg-slate-50 focus-visible:bg-brand-50 focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-brand-500';
const STACKED_CELL = 'block px-4 py-1 md:table-cell md:px-4 md:py-3 md:align-middle';
const STACKED_LABEL =
  'before:mr-2 before:text-xs before:font-medium before:uppercase before:tracking-wide before:text-slate-500 before:content-[attr(data-label)] md:before:content-none';

const join = (...classes: (string | undefined | false)[]) => classes.filter(Boolean).join(' ');

export function Table<T>({
  columns,
  rows,
  rowKey,
  row: rowOptions,
  caption,
  testId,
  frame = 'card',
}: {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  row?: (row: T) => RowOptions;
  /** For screen readers: what the table lists, and how to use its rows. */
  caption?: string;
  testId?: string;
  frame?: Frame;
}) {
  const styles = FRAMES[frame];
  const stacked = frame === 'stacked';
  // Stacked tables keep their roles explicitly: `display: block` drops them otherwise.
  const role = (name: string) => (stacked ? name : undefined);
  return (
    <div className={styles.wrapper}>
      <table role={role('table')} className={styles.table} data-testid={testId}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead role={role('rowgroup')} className={styles.head}>
          <tr role={role('row')} className={styles.headRow || undefined}>
            {columns.map((column) => (
              <th
                key={column.header}
                role={role('columnheader')}
                scope="col"
                className={join(styles.header, column.className, column.headerClassName) || undefined}
              >
                {column.actions ? <span className="sr-only">{column.header}</span> : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role={role('rowgroup')} className={styles.body}>
          {rows.map((item) => {
            const { onOpen, focusable, className, onKeyDown, ...attributes } = rowOptions?.(item) ?? {};
            const interactive = Boolean(onOpen || focusable);
            return (
              <tr
                key={rowKey(item)}
                role={role('row')}
                tabIndex={interactive ? 0 : undefined}
                onClick={onOpen}
                onKeyDown={
                  onOpen || onKeyDown
                    ? (event) => {
                        onKeyDown?.(event);
                        if (!onOpen || event.target !== event.currentTarget) return;
                        if (event.key === 'Enter' || event.key === ' ') {
                          event.preventDefault();
                          onOpen();
                        }
                      }
                    : undefined
                }
                className={
                  join(styles.row, interactive && INTERACTIVE_ROW, onOpen && 'cursor-pointer', className ?? (stacked ? 'hover:bg-slate-50' : undefined)) ||
                  undefined
                }
                {...attributes}
              >
                {columns.map((column) => {
                  const Cell = column.rowHeader ? 'th' : 'td';
                  const cellClass = stacked
                    ? join(
                        STACKED_CELL,
                        column.primary ? 'pb-1.5 font-medium text-slate-900' : column.actions ? 'pt-2 md:text-right' : STACKED_LABEL,
                        column.className,
                        column.cellClassName,
                      )
                    : join(column.className, column.cellClassName);
                  return (
                    <Cell
                      key={column.header}
                      role={role('cell')}
                      scope={column.rowHeader ? 'row' : undefined}
                      data-label={stacked && !column.primary && !column.actions ? column.header : undefined}
                      className={cellClass || undefined}
                      {...column.cellProps?.(item)}
                    >
                      {column.cell(item)}
                    </Cell>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
