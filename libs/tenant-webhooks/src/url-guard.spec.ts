import { allowedAddresses, checkEndpointUrl, EndpointUrlError, parseEndpointUrl, refusedAddress, type Resolver } from './url-guard';

/** A resolver that answers from a table, as DNS would (tests must not depend on the network). */
const dns =
  (table: Record<string, string[]>): Resolver =>
  async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

const resolver = dns({
  'hooks.example.com': ['93.184.216.34', '2606:2800:220:1::1'],
  'rebind.example.com': ['10.0.0.5'],
  'split.example.com': ['93.184.216.34', '192.168.1.10'],
  'metadata.example.com': ['169.254.169.254'],
  'loop.example.com': ['127.0.0.1'],
  'loop6.example.com': ['::1'],
});

describe('webhook URL policy (server-side request forgery)', () => {
  describe('in production (strict), refuses every address that is not public', () => {
    it.each([
      ['http://127.0.0.1/hook', 'loopback'],
      ['https://127.0.0.1/hook', 'loopback'],
      ['https://127.1/hook', 'loopback (short form)'],
      ['https://0x7f000001/hook', 'loopback (hex form)'],
      ['https://2130706433/hook', 'loopback (decimal form)'],
      ['https://[::1]/hook', 'IPv6 loopback'],
      ['https://[::ffff:127.0.0.1]/hook', 'IPv4-mapped loopback'],
      ['https://[::ffff:10.0.0.1]/hook', 'IPv4-mapped private'],
      ['https://10.1.2.3/hook', 'private 10/8'],
      ['https://172.16.5.4/hook', 'private 172.16/12'],
      ['https://172.31.255.255/hook', 'private 172.16/12 (top)'],
      ['https://192.168.0.1/hook', 'private 192.168/16'],
      ['https://169.254.169.254/latest/meta-data', 'link-local (cloud metadata)'],
      ['https://100.64.0.1/hook', 'carrier-grade NAT'],
      ['https://0.0.0.0/hook', 'this network'],
      ['https://224.0.0.1/hook', 'multicast'],
      ['https://255.255.255.255/hook', 'broadcast'],
      ['https://[fd00::1]/hook', 'IPv6 unique local'],
      ['https://[fe80::1]/hook', 'IPv6 link-local'],
      ['https://[::]/hook', 'IPv6 unspecified'],
      ['https://[64:ff9b::a00:1]/hook', 'NAT64 of a private address'],
      ['https://localhost/hook', 'a name resolving to loopback (the system resolver)'],
      ['https://loop.example.com/hook', 'a DNS name resolving to 127.0.0.1'],
      ['https://loop6.example.com/hook', 'a DNS name resolving to ::1'],
      ['https://rebind.example.com/hook', 'a DNS name resolving to a private address'],
      ['https://metadata.example.com/hook', 'a DNS name resolving to the metadata address'],
      ['https://split.example.com/hook', 'a DNS name with one public and one private address'],
    ])('%s (%s)', async (url) => {
      const check = checkEndpointUrl(url, 'strict', url.includes('localhost') ? undefined : resolver);
      await expect(check).rejects.toThrow(EndpointUrlError);
      await expect(check).rejects.toThrow(/refused address|must be an https URL/);
    });

    it('refuses plain http, credentials in the URL, other schemes and non-URLs, with the reason', () => {
      expect(() => parseEndpointUrl('http://hooks.example.com/x', 'strict')).toThrow('must be an https URL');
      expect(() => parseEndpointUrl('https://user:pw@hooks.example.com/x', 'strict')).toThrow('must not contain a user name or password');
      expect(() => parseEndpointUrl('ftp://hooks.example.com/x', 'local')).toThrow('must be an http or https URL');
      expect(() => parseEndpointUrl('hooks.example.com/x', 'strict')).toThrow('is not a URL');
    });

    it('refuses a host that does not resolve, naming it', async () => {
      await expect(checkEndpointUrl('https://nowhere.example.com/x', 'strict', resolver)).rejects.toThrow(
        'host nowhere.example.com does not resolve (ENOTFOUND)',
      );
    });

    it('accepts an https URL whose every address is public', async () => {
      const { url, addresses } = await checkEndpointUrl('https://hooks.example.com/mais?x=1', 'strict', resolver);
      expect(url.href).toBe('https://hooks.example.com/mais?x=1');
      expect(addresses.map((a) => a.address)).toEqual(['93.184.216.34', '2606:2800:220:1::1']);
      await expect(checkEndpointUrl('https://93.184.216.34/x', 'strict', resolver)).resolves.toBeDefined();
    });
  });

  describe('in development (local)', () => {
    it('allows loopback and http, so a receiver on the same machine works', async () => {
      await expect(checkEndpointUrl('http://127.0.0.1:4000/hook', 'local', resolver)).resolves.toBeDefined();
      await expect(checkEndpointUrl('http://[::1]:4000/hook', 'local', resolver)).resolves.toBeDefined();
      await expect(checkEndpointUrl('http://loop.example.com/hook', 'local', resolver)).resolves.toBeDefined();
    });

    it('still refuses private, link-local and mapped private addresses', async () => {
      for (const url of ['http://10.0.0.1/', 'http://169.254.169.254/', 'http://[::ffff:192.168.0.1]/', 'http://rebind.example.com/', 'http://[fd12::1]/']) {
        await expect(checkEndpointUrl(url, 'local', resolver)).rejects.toThrow(/refused address/);
      }
    });
  });

  it('judges bare addresses by family, IPv4-mapped IPv6 as the IPv4 address it carries', async () => {
    expect(refusedAddress('8.8.8.8', 'strict')).toBeNull();
    expect(refusedAddress('2001:4860:4860::8888', 'strict')).toBeNull();
    expect(refusedAddress('::ffff:8.8.8.8', 'strict')).toBeNull();
    expect(refusedAddress('::ffff:7f00:1', 'strict')).toBe('127.0.0.1 is a loopback address');
    expect(refusedAddress('::ffff:a9fe:a9fe', 'strict')).toBe('169.254.169.254 is a private or reserved address');
    expect(refusedAddress('127.0.0.1', 'local')).toBeNull();
    expect(refusedAddress('not-an-ip', 'local')).toBe('not-an-ip is not an IP address');
    await expect(allowedAddresses('[::1]', 'strict', resolver)).rejects.toThrow('host ::1 resolves to a refused address: ::1 is a loopback address');
  });
});
