// The frame around every signed-in page: navigation, theme switch, and the page itself in the main area.
// Knows the list of pages (NAV) and nothing of what they show.

import { AppShell, Group, NavLink, Title, ActionIcon, useMantineColorScheme, useComputedColorScheme } from '@mantine/core';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';

/** Every page in the navigation, in the order shown. */
export const NAV: { to: string; label: string }[] = [
  { to: '/', label: 'Overview' },
];

function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const next = scheme === 'dark' ? 'light' : 'dark';
  return (
    <ActionIcon variant="default" aria-label={`Switch to the ${next} theme`} onClick={() => setColorScheme(next)}>
      {scheme === 'dark' ? '☀' : '☾'}
    </ActionIcon>
  );
}

export function Shell() {
  const { pathname } = useLocation();
  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 210, breakpoint: 'sm' }} padding="md">
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between">
          <Title order={3}>Quorum</Title>
          <ThemeToggle />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Pages">
        {NAV.map((n) => (
          <NavLink key={n.to} component={RouterLink} to={n.to} label={n.label}
            active={n.to === '/' ? pathname === '/' : pathname.startsWith(n.to)} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main><Outlet /></AppShell.Main>
    </AppShell>
  );
}
