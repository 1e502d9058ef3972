// The Pareto of lost Trust Score points: bars of points per cause, costliest first, and the cumulative share as a line.
// Presentation only (Recharts); the rows come from paretoRows().

import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Text } from '@mantine/core';
import { paretoRows, type Pareto } from '../trust-logic.ts';

export function ParetoChart({ pareto }: { pareto: Pareto }) {
  const rows = paretoRows(pareto);
  if (rows.length === 0) return <Text c="dimmed">No lost points in this range.</Text>;
  return (
    <ResponsiveContainer width="100%" height={260}>
      <ComposedChart data={rows} margin={{ left: 0, right: 8, bottom: 40 }}>
        <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
        <XAxis dataKey="key" angle={-25} textAnchor="end" interval={0} height={60} tick={{ fontSize: 11 }} />
        <YAxis yAxisId="points" width={40} />
        <YAxis yAxisId="share" orientation="right" domain={[0, 100]} unit="%" width={44} />
        <Tooltip />
        <Bar yAxisId="points" dataKey="points" name="points lost" fill="#fa5252" isAnimationActive={false} />
        <Line yAxisId="share" dataKey="cumulative" name="cumulative %" stroke="#4c6ef5" dot isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
