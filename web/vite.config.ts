// Builds the dashboard into web/dist, which the hub serves at `/`; `npx vite web` serves it with the API proxied to a hub.
// Pages are split into their own chunks so that the first load stays small (the login page needs no chart library).

import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const hub = process.env.QUORUM_URL ?? 'http://127.0.0.1:7700';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 700 },
  server: { proxy: { '/v1': hub, '/ws': { target: hub, ws: true } } },
  test: {
    environment: 'happy-dom', environmentOptions: { happyDOM: { url: 'http://127.0.0.1:7700/' } },
    include: ['src/**/*.test.tsx', 'src/**/*.test.ts'], setupFiles: ['src/test/setup.ts'],
  },
});
