import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { searchAttributeDeclarations } from '../../workflows/search-attributes';

// There is no Docker engine on the build machines, so docker-compose.yml and the Dockerfile are
// checked statically: the services exist, are wired to each other, and every image is pinned.

const root = path.join(__dirname, '..', '..');
const composePath = path.join(root, 'docker-compose.yml');
const dockerfilePath = path.join(root, 'Dockerfile');

type Service = {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
  command?: string | string[];
  entrypoint?: string | string[];
};
type Compose = { services: Record<string, Service> };

function loadCompose(): Compose {
  const document = parse(readFileSync(composePath, 'utf8')) as Compose;
  if (!document || typeof document.services !== 'object') throw new Error('docker-compose.yml has no services');
  return document;
}

function service(compose: Compose, name: string): Service {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** Environment as a map, whichever of compose's two forms (map or KEY=VALUE list) is used. */
function environmentOf(svc: Service): Record<string, string> {
  const env = svc.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value == null ? '' : String(value)]));
}

/** depends_on as name -> condition, whichever form is used (a list means service_started). */
function dependenciesOf(svc: Service): Record<string, string> {
  const deps = svc.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, spec]) => [name, spec?.condition ?? 'service_started']));
}

/** The shell text a service runs (entrypoint + command), for content checks. */
function scriptOf(svc: Service): string {
  const parts = [svc.entrypoint, svc.command].flatMap((part) => (part == null ? [] : Array.isArray(part) ? part : [part]));
  return parts.join('\n');
}

/**
 * Why an image reference is not pinned to an exact version, or undefined when it is: it needs a
 * tag (or a digest) that starts with at least MAJOR.MINOR, so "latest", "alpine", "16" and no
 * tag at all are rejected.
 */
function imagePinProblem(reference: string): string | undefined {
  if (/@sha256:[0-9a-f]{64}$/.test(reference)) return undefined;
  const lastSlash = reference.lastIndexOf('/');
  const colon = reference.indexOf(':', lastSlash + 1); // a ':' before the last '/' is a registry port
  if (colon < 0) return `"${reference}" has no tag`;
  const tag = reference.slice(colon + 1);
  if (tag === '') return `"${reference}" has an empty tag`;
  if (/latest/i.test(tag)) return `"${reference}" uses the moving tag "${tag}"`;
  if (!/^v?\d+\.\d+/.test(tag)) return `"${reference}" has tag "${tag}", not an exact version`;
  return undefined;
}

/** Images of the Dockerfile's FROM lines, skipping references to earlier build stages. */
function dockerfileBaseImages(text: string): string[] {
  const stages = new Set<string>();
  const images: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (!match) continue;
    const image = match[1]!;
    if (!stages.has(image.toLowerCase())) images.push(image);
    if (match[2]) stages.add(match[2].toLowerCase());
  }
  return images;
}

describe('the image pin check itself', () => {
  it.each(['postgres:16.6-alpine', 'temporalio/auto-setup:1.25.2', 'registry.example:5000/team/app:2.1.0', `node@sha256:${'a'.repeat(64)}`])(
    'accepts the exactly pinned image %s',
    (reference) => expect(imagePinProblem(reference)).toBeUndefined(),
  );

  it.each(['postgres', 'postgres:latest', 'temporalio/ui:latest', 'node:alpine', 'postgres:16', 'registry.example:5000/app'])(
    'rejects the unpinned image %s',
    (reference) => expect(imagePinProblem(reference)).toEqual(expect.any(String)),
  );
});

describe('docker-compose.yml', () => {
  const compose = loadCompose();

  it('declares the postgresql, temporal, temporal-ui, api and worker services', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['postgresql', 'temporal', 'temporal-ui', 'api', 'worker']),
    );
  });

  it('pins every image to an exact version tag, never latest', () => {
    const problems = Object.entries(compose.services)
      .filter(([, svc]) => svc.image !== undefined)
      .map(([name, svc]) => [name, imagePinProblem(String(svc.image))] as const)
      .filter(([, problem]) => problem !== undefined)
      .map(([name, problem]) => `${name}: ${problem}`);
    expect(problems).toEqual([]);
  });

  it('gives every service either a pinned image or a build, so none pulls an implicit latest', () => {
    const neither = Object.entries(compose.services)
      .filter(([, svc]) => svc.image === undefined && svc.build === undefined)
      .map(([name]) => name);
    expect(neither).toEqual([]);
  });

  it.each(['api', 'worker'])('builds the %s service from the project Dockerfile', (name) => {
    const build = service(compose, name).build;
    expect(build).toBeDefined();
    const context = typeof build === 'string' ? build : build?.context ?? '.';
    const dockerfile = typeof build === 'string' ? 'Dockerfile' : build?.dockerfile ?? 'Dockerfile';
    expect(path.resolve(root, context, dockerfile)).toBe(dockerfilePath);
    expect(existsSync(dockerfilePath)).toBe(true);
  });

  it.each([
    ['api', 'dist/api/main.js'],
    ['worker', 'dist/worker/main.js'],
  ])('runs the %s service with node %s', (name, entry) => {
    expect(scriptOf(service(compose, name))).toContain(entry);
  });

  it.each(['api', 'worker'])('points the %s service DATABASE_URL at the postgresql service', (name) => {
    const url = new URL(environmentOf(service(compose, name)).DATABASE_URL ?? 'missing://');
    expect(url.protocol).toMatch(/^postgres(ql)?:$/);
    expect(url.hostname).toBe('postgresql');
    expect(url.pathname.length).toBeGreaterThan(1); // names a database
  });

  it.each(['api', 'worker'])('points the %s service TEMPORAL_ADDRESS at the temporal service frontend', (name) => {
    expect(environmentOf(service(compose, name)).TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it.each(['api', 'worker'])('starts the %s service only after postgresql is healthy and temporal is up', (name) => {
    const deps = dependenciesOf(service(compose, name));
    expect(deps.postgresql).toBe('service_healthy');
    expect(Object.keys(deps)).toContain('temporal');
  });

  it('gives postgresql a pg_isready healthcheck, which service_healthy waits for', () => {
    const test = service(compose, 'postgresql').healthcheck?.test;
    expect([test ?? []].flat().join(' ')).toContain('pg_isready');
  });

  it('runs temporal with PostgreSQL persistence on the postgresql service', () => {
    const temporal = service(compose, 'temporal');
    const env = environmentOf(temporal);
    expect(env.DB).toBe('postgres12');
    expect(env.POSTGRES_SEEDS).toBe('postgresql');
    expect(dependenciesOf(temporal).postgresql).toBe('service_healthy');
  });

  it('points the temporal UI at the temporal service frontend', () => {
    expect(environmentOf(service(compose, 'temporal-ui')).TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('registers the search attributes SrdiUnit and SrdiItemType with their types', () => {
    const registered = registeredSearchAttributes(compose);
    expect(registered).toEqual({ SrdiUnit: 'keyword', SrdiItemType: 'keyword' });
  });

  it('registers every search attribute the workflows declare, with the declared type', () => {
    const registered = registeredSearchAttributes(compose);
    const declared = Object.fromEntries(
      searchAttributeDeclarations.map((declaration) => {
        const [name, type] = declaration.split('=');
        return [name!, type!.toLowerCase()];
      }),
    );
    expect(registered).toEqual(declared);
  });
});

/** name -> lower-cased type from the `temporal operator search-attribute create` command. */
function registeredSearchAttributes(compose: Compose): Record<string, string> {
  const scripts = Object.values(compose.services)
    .map(scriptOf)
    .filter((script) => /search-attribute\s+create/.test(script));
  expect(scripts).toHaveLength(1);
  const pairs = [...scripts[0]!.matchAll(/--name\s+(\S+)\s+(?:\\\s+)?--type\s+(\S+)/g)];
  return Object.fromEntries(pairs.map((pair) => [pair[1]!, pair[2]!.toLowerCase()]));
}

describe('Dockerfile', () => {
  const text = readFileSync(dockerfilePath, 'utf8');

  it('pins every base image of its FROM lines to an exact version, never latest', () => {
    const images = dockerfileBaseImages(text);
    expect(images.length).toBeGreaterThan(0);
    expect(images.map((image) => imagePinProblem(image)).filter(Boolean)).toEqual([]);
  });

  it('runs the final stage as a non-root USER', () => {
    const lines = text.split('\n');
    const lastFrom = lines.map((line) => /^\s*FROM\s/i.test(line)).lastIndexOf(true);
    expect(lastFrom).toBeGreaterThanOrEqual(0);
    const users = lines
      .slice(lastFrom)
      .map((line) => /^\s*USER\s+(\S+)/i.exec(line)?.[1])
      .filter((user): user is string => user !== undefined);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:.*)?$/);
  });

  it('installs with npm ci, generates the Prisma client and builds dist/', () => {
    expect(text).toMatch(/npm ci/);
    expect(text).toMatch(/prisma generate/);
    expect(text).toMatch(/npm run build/);
  });
});
