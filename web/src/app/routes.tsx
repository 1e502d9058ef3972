// The dashboard's route table: one deep link per page and entity, each page loaded on demand (its own chunk).
// The login and setup pages stand outside the shell; everything else needs a session (RequireSession).

import { lazy, Suspense, type ComponentType } from 'react';
import { Navigate, createBrowserRouter, type RouteObject } from 'react-router';
import { Loader } from '@mantine/core';
import { Shell } from './Shell.tsx';
import { RequireSession } from './session.tsx';

const page = (load: () => Promise<{ default: ComponentType }>) => {
  const Page = lazy(load);
  return <Suspense fallback={<Loader m="xl" aria-label="Loading" />}><Page /></Suspense>;
};

/** The pages inside the shell, by path (exported so tests can mount them in a memory router). */
export const PAGES: RouteObject[] = [
  { index: true, element: page(() => import('../pages/OverviewPage.tsx')) },
  { path: 'live', element: page(() => import('../pages/LiveFeedPage.tsx')) },
  { path: 'signals', element: page(() => import('../pages/SignalsPage.tsx')) },
  { path: 'subjects', element: page(() => import('../pages/SubjectsPage.tsx')) },
  { path: 'subjects/:type/:id', element: page(() => import('../pages/SubjectPage.tsx')) },
  { path: 'correlation', element: page(() => import('../pages/correlation/CorrelationPage.tsx')) },
  { path: 'correlation/:tab', element: page(() => import('../pages/correlation/CorrelationPage.tsx')) },
  { path: 'groups/:id', element: page(() => import('../pages/groups/GroupDetailPage.tsx')) },
  { path: 'mitigations', element: page(() => import('../pages/mitigations/MitigationsPage.tsx')) },
  { path: 'mitigations/:id', element: page(() => import('../pages/mitigations/MitigationDetailPage.tsx')) },
  { path: 'blocks', element: page(() => import('../pages/blocks/BlocksPage.tsx')) },
  { path: 'fleet', element: page(() => import('../pages/fleet/FleetPage.tsx')) },
  { path: 'fleet/:tab', element: page(() => import('../pages/fleet/FleetPage.tsx')) },
  // The Sensors page became the Fleet page's first tab: old links land there.
  { path: 'sensors', element: <Navigate to="/fleet/sensors" replace /> },
  { path: 'admin', element: page(() => import('../pages/AdminPage.tsx')) },
  { path: 'admin/:tab', element: page(() => import('../pages/AdminPage.tsx')) },
  { path: '*', element: page(() => import('../pages/NotFoundPage.tsx')) },
];

export const router = createBrowserRouter([
  { path: '/login', element: page(() => import('../pages/LoginPage.tsx')) },
  { path: '/setup', element: page(() => import('../pages/SetupPage.tsx')) },
  { path: '/', element: <RequireSession><Shell /></RequireSession>, children: PAGES },
]);
