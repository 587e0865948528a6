#!/usr/bin/env node
// The `duban` command. Node 20 runs no TypeScript by itself: tsx (a dependency) loads src/ as is.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
await main(process.argv);
