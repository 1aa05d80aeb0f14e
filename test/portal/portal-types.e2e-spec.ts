import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * The portal's operation types are generated from schema.gql: an operation the schema no longer
 * allows fails the generation, and a committed file that differs from a fresh one fails the check
 * (`npm run portal:types` writes it). `npm run build` then type-checks the portal against it.
 */
describe('the portal’s generated GraphQL types', () => {
  it('are up to date with schema.gql and web/src/features/*/*.graphql', () => {
    const cli = join(ROOT, 'node_modules', '@graphql-codegen', 'cli', 'cjs', 'bin.js');
    const run = spawnSync(process.execPath, [cli, '--config', 'web/codegen.ts', '--check'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect({ status: run.status, output: run.status === 0 ? '' : `${run.stdout}\n${run.stderr}\n→ npm run portal:types` }).toEqual({ status: 0, output: '' });
  });
});
