import { rolldown } from 'rolldown';
const b = await rolldown({ input: { index: 'src/index.ts', e: 'src/emulator/index.ts' }, platform: 'node', external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'), plugins: [{ name: 'x', buildEnd() { for (const id of this.getModuleIds()) if (!id.startsWith('/work')) console.log(JSON.stringify(id)); } }] });
await b.generate({ format: 'esm', codeSplitting: { groups: [{ name: 'index', test: (id) => { if (!id.startsWith('/work')) console.log('test', JSON.stringify(id)); return false; } }] } });
