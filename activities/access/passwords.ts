import argon2 from 'argon2';

// argon2id (memory-hard) with the OWASP minimum parameters: 19 MiB, 2 passes. The parameters
// travel in each encoded hash, so raising them later only affects new and changed passwords.
const options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, options);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let decoy: Promise<string> | undefined;

/** Spends the time a real check takes, so an unknown user name cannot be told from a wrong password. */
export async function verifyAgainstDecoy(password: string): Promise<void> {
  decoy ??= hashPassword('decoy-password-never-matches');
  await verifyPassword(await decoy, password);
}
