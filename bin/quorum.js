#!/usr/bin/env -S node --max-semi-space-size=64 --min-semi-space-size=64 --no-allocation-site-pretenuring
// Entry point of the installed `quorum` command: runs the TypeScript CLI through tsx.
// With the hub's V8 flags (a 64 MiB young generation, docs/operations.md#node-flags); `env -S` splits them.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
