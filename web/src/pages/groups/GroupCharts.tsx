// The group detail's two charts (Recharts): the contributing signals on a timeline coloured by source, and the gate
// as bars against their lines (min sources, threshold). Draws what group-logic computed; fetches nothing.

import { Bar, BarChart, CartesianGrid, Cell, Legend, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import { SimpleGrid, Stack, Text } from '@mantine/core';
import type { GateBar, TimelinePoint } from './group-logic.ts';
import { sourceColor } from './group-logic.ts';

const time = (t: number) => new Date(t).toLocaleTimeString();

export function SignalTimeline({ series }: { series: Map<string, TimelinePoint[]> }) {
  return (
    <div role="img" aria-label="Signals on a timeline, coloured by source" style={{ width: '100%', height: 260 }}>
      <ResponsiveContainer>
        <ScatterChart margin={{ top: 10, right: 20, bottom: 10, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="t" type="number" domain={['dataMin - 1000', 'dataMax + 1000']} tickFormatter={time} name="observed" />
          <YAxis dataKey="confidence" type="number" domain={[0, 1]} name="confidence" />
          <ZAxis range={[90, 90]} />
          <Tooltip formatter={(v, n) => (n === 'observed' ? time(Number(v)) : v)} />
          <Legend />
          {[...series].map(([source, points]) => <Scatter key={source} name={source} data={points} fill={sourceColor(source)} isAnimationActive={false} />)}
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}

function OneGate({ bar }: { bar: GateBar }) {
  const label = bar.name === 'sources' ? `${bar.value} distinct sources (min ${bar.needed})` : `derived confidence ${bar.value.toFixed(2)} (threshold ${bar.needed.toFixed(2)})`;
  return (
    <Stack gap={2}>
      <Text size="sm" c={bar.met ? 'teal' : 'orange'}>{bar.met ? '✔' : '✘'} {label}</Text>
      <div role="img" aria-label={`Gate: ${label}`} style={{ width: '100%', height: 56 }}>
        <ResponsiveContainer>
          <BarChart layout="vertical" data={[bar]} margin={{ top: 4, right: 20, bottom: 4, left: 0 }}>
            <XAxis type="number" domain={[0, bar.max]} allowDecimals={bar.name !== 'sources'} />
            <YAxis type="category" dataKey="name" hide />
            <Bar dataKey="value" isAnimationActive={false} barSize={18}>
              <Cell fill={bar.met ? '#2f9e44' : '#f08c00'} />
            </Bar>
            <ReferenceLine x={bar.needed} stroke="#c92a2a" strokeWidth={2} strokeDasharray="4 2" />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </Stack>
  );
}

export function GateBars({ bars }: { bars: GateBar[] }) {
  return <SimpleGrid cols={{ base: 1, md: 2 }}>{bars.map((b) => <OneGate key={b.name} bar={b} />)}</SimpleGrid>;
}
