/**
 * Veil's entry point. It turns on Node's compile cache before loading the rest, so a start after the
 * first reads the compiled modules from disk instead of compiling several hundred files again (about
 * two thirds of an empty store's start). The cache holds code only, in the system's temp folder (or
 * NODE_COMPILE_CACHE).
 */
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('./main.ts');
