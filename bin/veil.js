#!/usr/bin/env node
// Veil's command line. Needs Node 24 (TypeScript runs natively); `npm start -- …` uses the project's own Node 24.
await import('../src/cli/veil.ts');
