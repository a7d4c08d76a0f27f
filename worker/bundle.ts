import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

// Workflows are bundled ahead of time (webpack), once per change of their sources, so a worker
// starts in a second instead of re-bundling on every start.

const root = path.join(__dirname, '..');
export const defaultBundlePath = path.join(root, 'dist', 'workflow-bundle.js');
const sourceDirs = ['workflows', 'domain'].map((dir) => path.join(root, dir));

function sourcesHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts')) hash.update(full).update(readFileSync(full));
    }
  };
  sourceDirs.forEach(walk);
  hash.update(readFileSync(path.join(root, 'package-lock.json')));
  return hash.digest('hex');
}

/** Returns the path of an up-to-date bundle, building it only when the sources changed. */
export async function ensureWorkflowBundle(bundlePath = defaultBundlePath): Promise<string> {
  const stampPath = `${bundlePath}.sha256`;
  const hash = sourcesHash();
  if (existsSync(bundlePath) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === hash) return bundlePath;
  const { code } = await bundleWorkflowCode({ workflowsPath: path.join(root, 'workflows', 'index.ts'), logger: quietLogger });
  mkdirSync(path.dirname(bundlePath), { recursive: true });
  writeFileSync(bundlePath, code);
  writeFileSync(stampPath, hash);
  return bundlePath;
}

const noop = () => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: console.warn, error: console.error };

if (require.main === module) {
  ensureWorkflowBundle().then(
    (bundle) => console.log(`workflow bundle: ${path.relative(root, bundle)}`),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
