#!/usr/bin/env node
/**
 * `nest build` then the portal (`tsc -p web` and `vite build` into dist/web), only when what they
 * build from changed since the last successful build.
 *
 *   node scripts/build-if-changed.js           builds when needed (`npm start`, `npm run cli`, …)
 *   node scripts/build-if-changed.js --always  builds anyway (`npm run build`, `npm test`)
 *
 * The inputs are hashed (content, not modification times, so a checkout that puts the same files
 * back does not rebuild): src/, migrations/, bench/ and any other folder tsconfig.build.json
 * includes (without the unit tests `*.spec.ts`, which the build leaves out, nor bench/results/),
 * tsconfig.json, tsconfig.build.json, nest-cli.json, package.json and package-lock.json (which
 * stands for the installed compiler and types). After a successful build the hash is written to
 * dist/.build-stamp; the build is skipped when dist/src/main.js exists and the stamp holds the
 * current hash. `nest build` empties dist/ first, so a build that fails, or any other build
 * (`nest build`, `nest start --watch`), leaves no stamp and the next run builds.
 *
 * Plain Node, no dependency. Other arguments are passed on to `nest build`.
 */
'use strict';

const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join, relative, sep } = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-stamp');
const ENTRY = join(DIST, 'src', 'main.js');
const INPUT_FILES = ['tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package.json', 'package-lock.json'];
const SKIPPED = (path) => path.endsWith('.spec.ts') || path === join('bench', 'results') || path.split(sep).includes('node_modules');

/** src/, migrations/, bench/, and any other top folder that tsconfig.build.json includes. */
function inputDirs() {
  const dirs = new Set(['src', 'migrations', 'bench', 'web']);
  try {
    const { include = [] } = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8'));
    for (const pattern of include) {
      const top = pattern.split('/')[0];
      if (top && !top.includes('*') && top !== '.' && top !== '..' && statSync(join(ROOT, top), { throwIfNoEntry: false })?.isDirectory()) dirs.add(top);
    }
  } catch {
    // tsconfig.build.json unreadable or with comments: the defaults above, and nest build will say what is wrong
  }
  return [...dirs];
}

/** The files under `dir`, as paths relative to ROOT. */
function filesUnder(dir) {
  const found = [];
  const walk = (abs) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = join(abs, entry.name);
      if (SKIPPED(relative(ROOT, path))) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) found.push(relative(ROOT, path));
    }
  };
  if (existsSync(join(ROOT, dir))) walk(join(ROOT, dir));
  return found;
}

/** One hash over the names and contents of every input. */
function inputsHash() {
  const hash = createHash('sha256');
  const files = [...inputDirs().flatMap(filesUnder), ...INPUT_FILES.filter((f) => existsSync(join(ROOT, f)))].sort();
  for (const file of files) {
    hash.update(file.split(sep).join('/'));
    hash.update('\0');
    hash.update(readFileSync(join(ROOT, file)));
    hash.update('\0');
  }
  return { hash: hash.digest('hex'), files: files.length };
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8')).hash;
  } catch {
    return undefined;
  }
}

function main() {
  const args = process.argv.slice(2);
  const always = args.includes('--always');
  const nestArgs = args.filter((a) => a !== '--always');

  if (!always && !existsSync(join(ROOT, 'src')) && existsSync(ENTRY)) {
    console.log('build: no src/ here, running the existing dist/');
    return 0;
  }
  const inputs = inputsHash();
  if (!always) {
    const stamp = readStamp();
    if (existsSync(ENTRY) && stamp === inputs.hash) {
      console.log(`build: dist/ is up to date (${inputs.files} input files unchanged), not rebuilding`);
      return 0;
    }
    if (!existsSync(ENTRY)) console.log('build: no build yet, building');
    else if (!stamp) console.log('build: dist/ has no build stamp, rebuilding');
    else console.log('build: the sources changed since the last build, rebuilding');
  }
  const nest = require.resolve('@nestjs/cli/bin/nest.js', { paths: [ROOT] });
  const run = spawnSync(process.execPath, [nest, 'build', ...nestArgs], { cwd: ROOT, stdio: 'inherit' });
  if (run.error) throw run.error;
  if (run.status !== 0) return run.status ?? 1;
  if (!existsSync(ENTRY)) {
    console.error(`build: nest build succeeded but ${relative(ROOT, ENTRY)} is missing`);
    return 1;
  }
  // The portal: type-checked against its generated operation types, then bundled into dist/web.
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  const typecheck = spawnSync(process.execPath, [tsc, '-p', join('web', 'tsconfig.json')], { cwd: ROOT, stdio: 'inherit' });
  if (typecheck.error) throw typecheck.error;
  if (typecheck.status !== 0) {
    console.error('build: the portal (web/) does not type-check');
    return typecheck.status ?? 1;
  }
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'); // not in vite's package exports
  const bundle = spawnSync(process.execPath, [vite, 'build', '--config', join('web', 'vite.config.mts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (bundle.error) throw bundle.error;
  if (bundle.status !== 0) return bundle.status ?? 1;
  writeFileSync(STAMP, `${JSON.stringify({ hash: inputs.hash, files: inputs.files, builtAt: new Date().toISOString() })}\n`);
  return 0;
}

process.exitCode = main();
