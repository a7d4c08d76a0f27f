import path from 'node:path';

export const projectRoot = path.join(__dirname, '..', '..');
export const temporalCli = path.join(projectRoot, '.tools', 'bin', 'temporal');
export const temporalTestServer = path.join(projectRoot, '.tools', 'bin', 'temporal-test-server');
export const artifactsDir = path.join(projectRoot, 'test-artifacts');
