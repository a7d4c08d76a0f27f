import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

// The web app (web/, Vite) is built into web/dist. A build is stale when the hash of its sources
// (every file under web/ but dist, the shared files it imports, and the lock file that pins
// Vite, React and antd) differs
// from the hash written next to the last build: a check of a few milliseconds at npm start.

const root = path.join(__dirname, '..', '..');
export const webDir = path.join(root, 'web');
export const webDistDir = path.join(webDir, 'dist');
const stampFile = path.join(webDistDir, '.source-hash');
/** Files outside web/ that the web app imports (data shared with the API). */
const sharedSources = ['domain/difficulty/categories.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !(dir === webDir && entry.name === 'dist'))
    .flatMap((entry) => (entry.isDirectory() ? sourceFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
    .sort();
}

export function webSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of [...sourceFiles(webDir), ...sharedSources.map((file) => path.join(root, file)), path.join(root, 'package-lock.json')]) {
    hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function webBuildIsCurrent(): boolean {
  return existsSync(path.join(webDistDir, 'index.html')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === webSourceHash();
}

/** Builds the web app when missing or stale (or always, with force). Returns whether it built. */
export function ensureWebBuild(options: { force?: boolean; log?: (message: string) => void } = {}): boolean {
  if (!options.force && webBuildIsCurrent()) return false;
  options.log?.('building the web app (Vite) into web/dist');
  const hash = webSourceHash();
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', path.join(webDir, 'vite.config.mts')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`the web app build failed (exit ${result.status ?? result.signal})`);
  writeFileSync(stampFile, `${hash}\n`);
  return true;
}
