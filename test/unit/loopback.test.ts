import { describe, expect, it } from 'vitest';
import { isLoopback, isLoopbackHttpUrl } from '../../bot/channels/http.ts';

describe('loopback checks parse, never compare prefixes', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1', 'localhost', 'LOCALHOST'])(
    '%s is loopback',
    (a) => expect(isLoopback(a)).toBe(true),
  );
  it.each([
    '127.attacker.example',
    '127.0.0.1.nip.io',
    'localhost.example',
    '128.0.0.1',
    '::ffff:10.0.0.1',
    '',
    undefined,
    '1270.0.0.1',
  ])('%s is not', (a) => expect(isLoopback(a)).toBe(false));
  it.each(['http://127.0.0.1:3979/', 'https://localhost/', 'http://[::1]:9000/x'])(
    '%s is a loopback http(s) URL',
    (u) => expect(isLoopbackHttpUrl(u)).toBe(true),
  );
  it.each([
    'http://127.attacker.example/',
    'http://127.0.0.1.nip.io/',
    'gopher://127.0.0.1/',
    'ftp://localhost/',
    'http://a@127.0.0.1/',
    'nonsense',
    42,
  ])('%s is not', (u) => expect(isLoopbackHttpUrl(u)).toBe(false));
});
