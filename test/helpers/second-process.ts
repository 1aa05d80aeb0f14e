import { calendarEnv } from './dates';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Another portal process (the built app, `dist/src/main.js`) on the same database and Redis as a
 * TestApp: what "two API and worker processes" means in production.
 */
export class SecondProcess {
  url = '';
  private child!: ChildProcess;
  private output = '';

  static async start(env: Record<string, string>): Promise<SecondProcess> {
    const p = new SecondProcess();
    p.child = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'src', 'main.js')], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', MIGRATIONS_RUN: 'false', ...calendarEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`second process did not start:\n${p.output}`)), 30_000);
      const onData = (chunk: Buffer) => {
        p.output += chunk.toString();
        const m = p.output.match(/API GraphQL et GraphiQL : (http:\/\/localhost:\d+)\/graphql/);
        if (m) {
          clearTimeout(timer);
          p.url = m[1];
          resolve();
        }
      };
      p.child.stdout!.on('data', onData);
      p.child.stderr!.on('data', onData);
      p.child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`second process exited with ${code}:\n${p.output}`));
      });
    });
    return p;
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
    clearTimeout(timer);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
