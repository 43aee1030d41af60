#!/usr/bin/env node
// The `credchain` executable (package.json "bin", built as dist/cli/main.js): main.ts holds the command, callable in process.
import { runAsProcess } from './main.js';
runAsProcess();
