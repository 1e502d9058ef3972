// A TanStack Table drawn with Mantine's Table: sortable headers, the rows the table model gives.
// Knows nothing of the data; columns come from the page.

import { useState } from 'react';
import { Table, UnstyledButton } from '@mantine/core';
import { flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type ColumnDef, type SortingState } from '@tanstack/react-table';

export function DataTable<T>({ data, columns, label, rowKey }: {
  data: T[]; columns: ColumnDef<T, any>[]; label: string; rowKey?: (row: T) => string;
}) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const table = useReactTable({
    data, columns, state: { sorting }, onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel(), getRowId: rowKey ? (r) => rowKey(r) : undefined,
  });
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-label={label} striped highlightOnHover>
        <Table.Thead>
          {table.getHeaderGroups().map((hg) => (
            <Table.Tr key={hg.id}>
              {hg.headers.map((h) => {
                const sorted = h.column.getIsSorted();
                const title = flexRender(h.column.columnDef.header, h.getContext());
                return (
                  <Table.Th key={h.id} aria-sort={sorted ? (sorted === 'asc' ? 'ascending' : 'descending') : undefined}>
                    {h.column.getCanSort()
                      ? <UnstyledButton onClick={h.column.getToggleSortingHandler()}>{title}{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</UnstyledButton>
                      : title}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {table.getRowModel().rows.map((r) => (
            <Table.Tr key={r.id}>
              {r.getVisibleCells().map((c) => <Table.Td key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</Table.Td>)}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
