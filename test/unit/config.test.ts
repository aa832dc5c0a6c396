import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../bot/config.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'veiviser-config-'));

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({ DATA_DIR: dir() });
    expect(c.port).toBe(3978);
    expect(c.host).toBe('0.0.0.0');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.botFramework.emulator).toBe(false);
    expect(c.tokenTtlSeconds).toBe(1800);
  });

  it('generates a token secret once and keeps it in DATA_DIR', () => {
    const d = dir();
    const first = loadConfig({ DATA_DIR: d }).tokenSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ DATA_DIR: d }).tokenSecret).toBe(first);
    expect(readFileSync(join(d, 'token-secret'), 'utf8').trim()).toBe(first);
    expect(statSync(join(d, 'token-secret')).mode & 0o077).toBe(0);
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({
        DATA_DIR: dir(),
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
        MicrosoftAppId: 'abc',
      });
      expect.unreachable('should throw');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'MicrosoftAppPassword']) expect(message).toContain(name);
      expect(message).not.toContain('mysql://x'); // secrets and URLs are not echoed
    }
  });

  it('refuses production without a token secret and with the open Emulator endpoint', () => {
    expect(() => loadConfig({ DATA_DIR: dir(), NODE_ENV: 'production', BOTFRAMEWORK_EMULATOR: 'true' })).toThrow(
      /TOKEN_SECRET[\s\S]*BOTFRAMEWORK_EMULATOR/,
    );
  });

  it('refuses the demo identity provider in production and beside a real issuer; wants all three OIDC settings', () => {
    const secret = 'x'.repeat(40);
    expect(() =>
      loadConfig({
        DATA_DIR: dir(),
        NODE_ENV: 'production',
        TOKEN_SECRET: secret,
        AGENTS_FILE: '/nonexistent.json',
        DEMO_IDENTITY: 'true',
      }),
    ).toThrow(/DEMO_IDENTITY: the demo identity provider is refused in production/);
    const oidc = {
      OIDC_ISSUER: 'https://idporten.no',
      OIDC_AUDIENCE: 'veiviser',
      OIDC_JWKS_URL: 'https://idporten.no/jwks.json',
    };
    expect(() => loadConfig({ DATA_DIR: dir(), ...oidc, DEMO_IDENTITY: 'true' })).toThrow(/refused when a real issuer/);
    expect(() => loadConfig({ DATA_DIR: dir(), OIDC_ISSUER: 'https://idporten.no' })).toThrow(/set all three/);
    expect(loadConfig({ DATA_DIR: dir(), ...oidc }).identity).toEqual({
      oidc: { issuer: oidc.OIDC_ISSUER, audience: 'veiviser', jwksUrl: oidc.OIDC_JWKS_URL },
      demo: false,
    });
    expect(loadConfig({ DATA_DIR: dir() }).identity.demo).toBe(true);
    expect(
      loadConfig({ DATA_DIR: dir(), NODE_ENV: 'production', TOKEN_SECRET: secret, AGENTS_FILE: '/x.json' }).identity
        .demo,
    ).toBe(false);
  });
});
