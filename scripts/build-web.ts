import { ensureWebBuild } from './lib/web-build';

// `npm run build:web`: builds web/ into web/dist when missing or stale; `-- --force` always builds.
const started = Date.now();
const built = ensureWebBuild({ force: process.argv.includes('--force'), log: (message) => console.error(`[web] ${message}`) });
console.error(`[web] ${built ? `built in ${Date.now() - started} ms` : 'web/dist is current'}`);
