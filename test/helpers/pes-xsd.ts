import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const XSD = join(__dirname, '..', '..', 'xsd', 'pes-v5.17', 'PES_V2', 'Rev0', 'PES_Aller.xsd');

/**
 * xmllint's verdict on a PES file against the DGFiP's XSD set v5.17, offline (Debian's
 * libxml2-utils). The one parser warning of the set (XAdES imports xmldsig twice) is not an error.
 */
export function validatePes(file: Buffer): { ok: boolean; errors: string } {
  const r = spawnSync('xmllint', ['--nonet', '--noout', '--schema', XSD, '-'], { input: file, encoding: 'latin1' });
  if (r.error) throw r.error;
  return {
    ok: r.status === 0,
    errors: r.stderr
      .split('\n')
      .filter((l) => !/warning|XAdES|^\s*$|validates/.test(l))
      .join('\n'),
  };
}
