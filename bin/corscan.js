#!/usr/bin/env node
// Node's compile cache (22.8+) speeds up every later start; feature-detected for Node 20.
import module from 'node:module';

module.enableCompileCache?.();
await import('../dist/bundle/corscan.js');
