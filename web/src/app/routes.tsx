// The dashboard's route table: one deep link per page and entity, each page loaded on demand (its own chunk).
// The login page stands outside the shell; everything else needs a session.

import { lazy, Suspense, type ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import { Loader } from '@mantine/core';
import { Shell } from './Shell.tsx';

const page = (load: () => Promise<{ default: ComponentType }>) => {
  const Page = lazy(load);
  return <Suspense fallback={<Loader m="xl" aria-label="Loading" />}><Page /></Suspense>;
};

export const router = createBrowserRouter([
  { path: '/login', element: page(() => import('../pages/LoginPage.tsx')) },
  {
    path: '/',
    element: <Shell />,
    children: [
      { index: true, element: page(() => import('../pages/OverviewPage.tsx')) },
      { path: '*', element: page(() => import('../pages/NotFoundPage.tsx')) },
    ],
  },
]);
