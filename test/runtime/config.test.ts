import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../runtime/config';
import { projectRoot } from '../support/paths';

const valid = { DATABASE_URL: 'postgresql://srdi:srdi@127.0.0.1:5432/srdi' };

describe('configuration from the environment', () => {
  test('applies defaults to a minimal environment', () => {
    expect(loadConfig(valid)).toMatchObject({ PORT: 3000, TEMPORAL_ADDRESS: '127.0.0.1:7233', TEMPORAL_NAMESPACE: 'default', DB_POOL_SIZE: 10 });
  });

  test('names every bad variable and the value it got', () => {
    try {
      loadConfig({ ...valid, PORT: 'eighty', TEMPORAL_ADDRESS: 'nowhere' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toMatch(/PORT: .*\(got "eighty"\)/);
      expect(message).toMatch(/TEMPORAL_ADDRESS: must be host:port/);
    }
  });

  test('reports a missing DATABASE_URL as not set', () => {
    expect(() => loadConfig({})).toThrow(/DATABASE_URL: .*\(not set\)/);
  });

  test('stops the API process at start-up with a message naming the variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'api', 'main.ts')], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, ...valid, PORT: '99999' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/PORT/);
  });
});
