// The frame around every signed-in page: navigation, user menu (logout, logout everywhere), theme switch, the live
// connection's state, keyboard shortcuts with their `?` help, and the page itself. Knows the pages (NAV), not their data.

import { useCallback, useEffect, useRef, useState } from 'react';
import {
  AppShell, Burger, Group, NavLink, Title, ActionIcon, Menu, Button, Modal, Table, Kbd, Text, Badge, Tooltip,
  useMantineColorScheme, useComputedColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { NavLink as RouterLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout, useSession, type Scope } from './session.tsx';
import { createSequence, isTyping, type Shortcut } from './shortcuts.ts';
import { LiveProvider, useLiveStatus } from '../live/LiveProvider.tsx';

/** Every page in the navigation, in the order shown; `key` is its `g <key>` shortcut, `scope` hides it from roles without it. */
export const NAV: { to: string; label: string; key: string; scope?: Scope }[] = [
  { to: '/', label: 'Overview', key: 'o' },
  { to: '/live', label: 'Live feed', key: 'l' },
  { to: '/signals', label: 'Signals', key: 's' },
  { to: '/subjects', label: 'Subjects', key: 'u' },
  { to: '/correlation', label: 'Correlation', key: 'c' },
  { to: '/mitigations', label: 'Mitigations', key: 'm' },
  { to: '/blocks', label: 'Blocks', key: 'b' },
  { to: '/fleet', label: 'Fleet', key: 'f' },
  { to: '/admin', label: 'Admin', key: 'a', scope: 'admin' },
];

/** The shortcuts listed in the help dialog. */
export const SHORTCUTS: Shortcut[] = [
  ...NAV.map((n) => ({ keys: `g ${n.key}`, label: `Go to ${n.label}` })),
  { keys: 't', label: 'Switch between the light and dark theme' },
  { keys: '?', label: 'Show this help' },
  { keys: 'Esc', label: 'Close a dialog' },
];

function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const next = scheme === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={`Switch to the ${next} theme (t)`}>
      <ActionIcon variant="default" size="lg" aria-label={`Switch to the ${next} theme`} onClick={() => setColorScheme(next)}>
        {scheme === 'dark' ? '☀' : '☾'}
      </ActionIcon>
    </Tooltip>
  );
}

function UserMenu() {
  const session = useSession();
  const { logout, logoutEverywhere } = useLogout();
  return (
    <Menu position="bottom-end" withArrow>
      <Menu.Target>
        <Button variant="default" aria-label={`Account of ${session.name}`}>{session.name}</Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{session.role ?? 'API key'} · tenant {session.tenantName}</Menu.Label>
        {session.isUser && <Menu.Item onClick={() => void logout()}>Log out</Menu.Item>}
        {session.isUser && <Menu.Item color="red" onClick={() => void logoutEverywhere()}>Log out everywhere</Menu.Item>}
      </Menu.Dropdown>
    </Menu>
  );
}

function LiveBadge() {
  const status = useLiveStatus();
  const color = status === 'live' ? 'green' : status === 'connecting' ? 'yellow' : 'red';
  return <Badge color={color} variant="light" role="status" aria-label={`Live updates: ${status}`}>{status}</Badge>;
}

export function HelpDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts">
      <Table aria-label="Keyboard shortcuts">
        <Table.Tbody>
          {SHORTCUTS.map((s) => (
            <Table.Tr key={s.keys}>
              <Table.Td>{s.keys.split(' ').map((k) => <Kbd key={k} mr={4}>{k}</Kbd>)}</Table.Td>
              <Table.Td>{s.label}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" c="dimmed" mt="sm">Shortcuts are ignored while you type in a field.</Text>
    </Modal>
  );
}

/** Listens for the navigation shortcuts on the whole page; the `g` state survives re-renders (one sequence per shell). */
function useShortcuts(openHelp: () => void) {
  const navigate = useNavigate();
  const { toggleColorScheme } = useMantineColorScheme();
  const seq = useRef(createSequence(Object.fromEntries(NAV.map((n) => [n.key, n.to]))));
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === '?') return openHelp();
      if (e.key === 't') return toggleColorScheme();
      const to = seq.current(e.key);
      if (to) navigate(to);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate, openHelp, toggleColorScheme]);
}

export function Shell() {
  const { pathname } = useLocation();
  const session = useSession();
  const [navOpen, nav] = useDisclosure(false);
  const [helpOpen, setHelpOpen] = useState(false);
  useShortcuts(useCallback(() => setHelpOpen(true), []));
  useEffect(() => nav.close(), [pathname]); // eslint-disable-line react-hooks/exhaustive-deps -- close the mobile menu on navigation
  return (
    <LiveProvider>
      <AppShell header={{ height: 56 }} navbar={{ width: 210, breakpoint: 'sm', collapsed: { mobile: !navOpen } }} padding="md">
        <AppShell.Header px="md">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger opened={navOpen} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label="Toggle the navigation" />
              <Title order={1} size="h3">Quorum</Title>
              <LiveBadge />
            </Group>
            <Group gap="xs" wrap="nowrap">
              <Tooltip label="Keyboard shortcuts (?)">
                <ActionIcon variant="default" size="lg" aria-label="Keyboard shortcuts" onClick={() => setHelpOpen(true)}>?</ActionIcon>
              </Tooltip>
              <ThemeToggle />
              <UserMenu />
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" component="nav" aria-label="Pages">
          {NAV.filter((n) => !n.scope || session.can(n.scope)).map((n) => (
            <NavLink key={n.to} component={RouterLink} to={n.to} label={n.label}
              rightSection={<Kbd size="xs" aria-hidden>g {n.key}</Kbd>}
              active={n.to === '/' ? pathname === '/' : pathname.startsWith(n.to)} />
          ))}
        </AppShell.Navbar>
        <AppShell.Main><Outlet /></AppShell.Main>
        <HelpDialog opened={helpOpen} onClose={() => setHelpOpen(false)} />
      </AppShell>
    </LiveProvider>
  );
}
