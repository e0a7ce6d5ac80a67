import { anonymousCaller } from '../../src/auth/caller.js';
import type { Caller } from '../../src/contract/caller.js';
import { VerifiedKeyCache, verifiedKeyCacheFromEnv } from '../../src/auth/verified-key-cache.js';

const caller = (name: string): Caller => ({ ...anonymousCaller, id: `caller:${name}`, name, kind: 'system' });

describe('verified API key cache', () => {
  it('forgets the least recently used key when it is full', () => {
    const cache = new VerifiedKeyCache({ ttlMs: 30_000, maxEntries: 2 });
    cache.set('key-a', caller('a'));
    cache.set('key-b', caller('b'));
    expect(cache.get('key-a')?.name).toBe('a'); // a is now the most recently used
    cache.set('key-c', caller('c'));
    expect(cache.get('key-b')).toBeUndefined();
    expect(cache.get('key-a')?.name).toBe('a');
    expect(cache.get('key-c')?.name).toBe('c');
    expect(cache.size).toBe(2);
  });

  it('remembers nothing with a TTL of 0', () => {
    const cache = new VerifiedKeyCache({ ttlMs: 0, maxEntries: 10 });
    cache.set('key-a', caller('a'));
    expect(cache.get('key-a')).toBeUndefined();
  });

  it('reads its TTL from CAREGRAPH_API_KEY_CACHE_SECONDS and rejects a bad value with the variable named', () => {
    const off = verifiedKeyCacheFromEnv({ CAREGRAPH_API_KEY_CACHE_SECONDS: '0' });
    off.set('key-a', caller('a'));
    expect(off.get('key-a')).toBeUndefined();
    const byDefault = verifiedKeyCacheFromEnv({});
    byDefault.set('key-a', caller('a'));
    expect(byDefault.get('key-a')?.name).toBe('a');
    expect(() => verifiedKeyCacheFromEnv({ CAREGRAPH_API_KEY_CACHE_SECONDS: 'soon' })).toThrow('CAREGRAPH_API_KEY_CACHE_SECONDS must be a number of seconds >= 0, got "soon"');
  });
});
