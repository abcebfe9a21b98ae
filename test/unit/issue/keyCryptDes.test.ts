/**
 * DES-EDE3-CBC keys: what `openssl req -keyout` encrypts with by default, so every
 * encrypted CA key easy-rsa 3.1 builds. Made here by node:crypto (OpenSSL's PBES2 writer),
 * read by Certwright's decryption on WebCrypto + des.js.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, webcrypto } from 'node:crypto';
import { decryptPkcs8Pem } from '../../../server/src/core/issue/keyCrypt';
import { IssueError } from '../../../server/src/core/issue/types';
import type { Crypto } from '../../../server/src/core/issue/keys';

const crypto = webcrypto as unknown as Crypto;

describe('encrypted PKCS#8 keys with DES-EDE3-CBC (easy-rsa 3.1 CA keys)', () => {
  for (const type of ['ec', 'rsa'] as const) {
    it(`${type}: decrypts to the key OpenSSL encrypted; a wrong passphrase is told as such`, async () => {
      const { privateKey } = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
      const plain = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
      const encrypted = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'des-ede3-cbc', passphrase: 'easy-rsa pass' }) as string;
      assert.match(encrypted, /BEGIN ENCRYPTED PRIVATE KEY/);
      assert.equal((await decryptPkcs8Pem(crypto, encrypted, 'easy-rsa pass', 'the CA key')).trim(), plain.trim());
      await assert.rejects(decryptPkcs8Pem(crypto, encrypted, 'not it', 'the CA key'), (e: unknown) => e instanceof IssueError && /wrong passphrase for the CA key/.test(e.message));
    });
  }
});
