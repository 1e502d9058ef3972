// The dashboard's providers: theme (light/dark, following the system until the user picks), data cache and router.
// Holds no page logic; the route table is in routes.tsx.

import '@mantine/core/styles.css';
import { MantineProvider, createTheme, darken, type CSSVariablesResolver } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { router } from './routes.tsx';

// Contrast (WCAG AA, checked by axe-core in test/e2e-accessibility.test.ts): filled colours two shades darker than
// Mantine's default, text on a filled colour picked black or white by its luminance, text of light badges and buttons
// darker on their pale background, and dimmed text a shade stronger.
const theme = createTheme({ primaryColor: 'indigo', defaultRadius: 'sm', primaryShade: { light: 8, dark: 8 }, autoContrast: true });
const contrast: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    ...Object.fromEntries(Object.entries(t.colors).map(([name, shades]) => [`--mantine-color-${name}-light-color`, darken(shades[9], 0.3)])),
  },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-dark-1)' },
});

// A 4xx is an answer, not a glitch: only network errors and 5xx are retried.
const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 5_000, retry: (n, err) => n < 2 && !(err instanceof Error && 'status' in err && Number(err.status) < 500) } },
});

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={contrast} defaultColorScheme="auto">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
