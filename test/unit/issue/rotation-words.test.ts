/**
 * A rotation's guidance names where the systems of the CA's profile read their CA, and no
 * other system: a PostgreSQL or generic CA (adopted ones included) hears nothing of
 * CockroachDB's --certs-dir or DM's ssl-ca.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { env, MemoryDir, rotationSnapshot, rotationStep } from './helpers';
import { rotationStatus } from '../../../server/src/core/issue/rotation';
import type { ProfileId } from '../../../server/src/core/issue';

const systems: Record<ProfileId, RegExp> = { cockroach: /CockroachDB|--certs-dir/, dm: /\bDM\b|ssl-ca|dmctl/, postgres: /PostgreSQL|ssl_ca_file|sslrootcert|root\.crt/, generic: /$^/ };

describe('CA rotation: guidance in the words of the CA\'s own systems', () => {
  for (const profile of Object.keys(systems) as ProfileId[]) {
    it(`${profile}: the publish step and its status name only ${profile === 'generic' ? 'no particular system' : 'its own system'}`, async () => {
      const dir = new MemoryDir();
      await dir.run({ kind: 'createCa', profile, keyType: 'p256' });
      await rotationStep(dir, 'new-ca', {}, profile);
      const published = await rotationStep(dir, 'publish', {}, profile);
      const status = await rotationStatus(env, profile, rotationSnapshot(dir, profile));
      const words = [...published.messages, ...status.steps.map((s) => s.explanation)].join('\n');
      for (const [other, names] of Object.entries(systems)) {
        if (other === profile) continue;
        assert.doesNotMatch(words, names, `${profile} names ${other}'s files:\n${words}`);
      }
      if (profile !== 'generic') assert.match(published.messages.join('\n'), systems[profile], 'the publish step says where its own system reads the CA');
    });
  }
});
