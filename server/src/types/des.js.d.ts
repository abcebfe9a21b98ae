/** The part of des.js (indutny, MIT) the key decryption uses: DES-EDE3 in CBC mode. */
declare module 'des.js' {
  interface Cipher {
    update(data: ArrayLike<number>): number[];
    final(): number[];
  }
  interface CipherFactory {
    create(options: { type: 'encrypt' | 'decrypt'; key: ArrayLike<number>; iv?: ArrayLike<number>; padding?: boolean }): Cipher;
  }
  export const EDE: CipherFactory;
  export const CBC: { instantiate(base: CipherFactory): CipherFactory };
}
