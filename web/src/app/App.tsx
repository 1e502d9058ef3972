// The dashboard's providers: theme (light/dark, following the system until the user picks), data cache and router.
// Holds no page logic; the route table is in routes.tsx.

import '@mantine/core/styles.css';
import { MantineProvider, createTheme } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { router } from './routes.tsx';

const theme = createTheme({ primaryColor: 'indigo', defaultRadius: 'sm' });

// A 4xx is an answer, not a glitch: only network errors and 5xx are retried.
const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 5_000, retry: (n, err) => n < 2 && !(err instanceof Error && 'status' in err && Number(err.status) < 500) } },
});

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
