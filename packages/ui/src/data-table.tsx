"use client";
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type Row,
  type SortingState,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { useState, type ReactNode } from "react";
import { cn } from "./cn";
import { Skeleton } from "./layout";

export type { ColumnDef } from "@tanstack/react-table";

declare module "@tanstack/react-table" {
  // Per-column classes for header and cells (e.g. truncation, alignment, hiding on phones).
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the type parameters must match TanStack's declaration to merge
  interface ColumnMeta<TData, TValue> {
    className?: string;
  }
}

/**
 * A table on TanStack Table. Sorting is client-side and opt-in per column
 * (`enableSorting: true`); server-paged lists pass their page as `data` and page themselves.
 * It scrolls sideways on narrow screens instead of squeezing columns.
 */
export function DataTable<TData>({
  columns,
  data,
  caption,
  empty,
  loading = false,
  rowTestId,
  getRowId,
  rowClassName,
  initialSorting = [],
  className,
}: {
  // TanStack's column type is invariant in the cell value; `any` is its documented idiom here.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  columns: ColumnDef<TData, any>[];
  data: TData[];
  /** Read by screen readers; visually hidden. */
  caption: string;
  /** Shown in place of the rows when there are none. */
  empty?: ReactNode;
  /** Shows placeholder rows (and keeps the header) while data loads. */
  loading?: boolean;
  rowTestId?: (row: TData) => string;
  /** A stable key per row (e.g. its id); without it rows are keyed by position. */
  getRowId?: (row: TData) => string;
  rowClassName?: (row: Row<TData>) => string | undefined;
  initialSorting?: SortingState;
  className?: string;
}) {
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  // TanStack Table returns functions the React Compiler must not memoize; this is its documented use.
  // eslint-disable-next-line react-hooks/incompatible-library -- see above
  const table = useReactTable({
    data,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    ...(getRowId ? { getRowId: (row: TData) => getRowId(row) } : {}),
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    enableSorting: false,
  });
  const rows = table.getRowModel().rows;
  // Column definitions must be stable (module level or useMemo): new ones re-mount every
  // cell, which closes a confirmation dialog opened from a row.
  const columnCount = table.getVisibleLeafColumns().length;

  return (
    <div className={cn("relative overflow-x-auto rounded-lg border border-border", className)}>
      <table className="w-full border-collapse text-sm" aria-busy={loading || undefined}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-muted/60">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const content = header.isPlaceholder
                  ? null
                  : flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={
                      sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined
                    }
                    className={cn(
                      "border-b border-border px-3 py-2 text-left text-xs font-semibold tracking-wide whitespace-nowrap text-muted-foreground uppercase",
                      header.column.columnDef.meta?.className,
                    )}
                  >
                    {header.column.getCanSort() ? (
                      <button
                        type="button"
                        className="inline-flex cursor-pointer items-center gap-1 uppercase hover:text-foreground"
                        onClick={header.column.getToggleSortingHandler()}
                      >
                        {content}
                        {sorted === "asc" ? (
                          <ArrowUp className="size-3" aria-hidden />
                        ) : sorted === "desc" ? (
                          <ArrowDown className="size-3" aria-hidden />
                        ) : (
                          <ArrowUpDown className="size-3 opacity-50" aria-hidden />
                        )}
                      </button>
                    ) : (
                      content
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {loading ? (
            Array.from({ length: 3 }, (_, index) => (
              <tr key={index}>
                <td colSpan={columnCount} className="px-3 py-2">
                  <Skeleton className="h-5 w-full" />
                </td>
              </tr>
            ))
          ) : rows.length === 0 ? (
            <tr>
              <td colSpan={columnCount} className="px-3 py-8 text-center text-muted-foreground">
                {empty ?? "Nothing here yet."}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr
                key={row.id}
                data-testid={rowTestId?.(row.original)}
                className={cn(
                  "border-b border-border last:border-b-0 hover:bg-muted/40",
                  rowClassName?.(row),
                )}
              >
                {row.getVisibleCells().map((cell) => (
                  <td
                    key={cell.id}
                    className={cn("px-3 py-2 align-top", cell.column.columnDef.meta?.className)}
                  >
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
