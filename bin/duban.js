#!/usr/bin/env -S node --min-semi-space-size=32 --max-semi-space-size=32
// The `duban` command. Node 20 runs no TypeScript by itself: tsx (a dependency) loads src/ as is.
// Node's flags here and in package.json's start (test/node-flags.test.ts keeps them equal): a young
// generation of two 32 MB semi-spaces, so that a page of events being read (readAll, rebuild, verify,
// copy: ~6 MB live while a page of 5,000 is built) does not outgrow it and get copied and promoted.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
