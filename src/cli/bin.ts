#!/usr/bin/env node
// The `credchain` executable (package.json "bin"): main.ts holds the command, callable in process.
import { runAsProcess } from './main.js';
runAsProcess();
