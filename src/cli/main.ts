#!/usr/bin/env node
// TEMPORARY: replaced by the CLI issue.
console.log('credchain');
