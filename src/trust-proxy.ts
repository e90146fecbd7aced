import { isIP } from 'node:net';
import { ConfigError } from './config-error.js';

/**
 * TRUST_PROXY: how many proxies stand in front (each adds one hop to X-Forwarded-For), or the
 * addresses or CIDR ranges of the proxies (also `loopback`, `linklocal`, `uniquelocal`); 0, the
 * default, believes no forwarding header at all.
 */
export type TrustProxy = number | string[];

const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export function trustProxy(value: string | undefined): TrustProxy {
  if (value === undefined || value.trim() === '') return 0;
  if (/^\d+$/.test(value.trim())) return Number(value);
  const proxies = value.split(',').map((p) => p.trim());
  for (const proxy of proxies) {
    const [address = '', bits, ...rest] = proxy.split('/');
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    const goodBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= max);
    if (!PROXY_RANGES.has(proxy) && (family === 0 || !goodBits || rest.length > 0)) {
      throw new ConfigError(
        'TRUST_PROXY',
        `must be how many proxies stand in front (a whole number), or their addresses or CIDR ranges separated by commas, not "${value}"`,
      );
    }
  }
  return proxies;
}
