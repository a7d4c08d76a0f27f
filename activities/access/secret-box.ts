import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// Secrets kept at rest (TOTP seeds) are sealed with AES-256-GCM under the configured key: a copy
// of the database alone does not yield anyone's second factor.

export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), sealed.toString('base64')].join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || !data) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  }
}

/**
 * Outside production a missing key falls back to a fixed development key (config refuses to
 * start production without one), so `npm start` and the tests need no setup.
 */
export function secretBoxFrom(secretKey: string | undefined): SecretBox {
  return new SecretBox(secretKey ? Buffer.from(secretKey, 'base64') : Buffer.alloc(32, 'srdi-flow-development-only-key!'));
}
