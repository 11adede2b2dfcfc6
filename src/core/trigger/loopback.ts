/**
 * Which hosts a trigger may reach without asking. Only the machine itself: a cron request
 * carries the CRON_SECRET, so anything that leaves the machine needs the user's explicit yes.
 *
 * Works on `URL.hostname`, which the WHATWG parser has already canonicalised: `127.1`,
 * `0x7f.0.0.1` and `2130706433` all become `127.0.0.1`, and `[0:0::1]` becomes `[::1]`.
 */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost') return true;
  if (host === '[::1]' || host === '::1') return true;
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return octets !== null && octets.slice(1).every((o) => Number(o) <= 255) && Number(octets[1]) === 127;
}

/**
 * Whether a resolved IP address is loopback: "localhost" is a name, and a broken hosts file
 * could point it elsewhere, so the request layer re-checks the address it actually connects to.
 */
export function isLoopbackAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return isLoopbackHostname(mapped ? mapped[1]! : address);
}

/** The host as a user names it in --allow-remote or reads it in a confirmation: no brackets. */
export function displayHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Whether `allowed` (as typed after --allow-remote: a host, host:port or a URL) names the
 * URL's host. Compared on canonical hostnames, so `EXAMPLE.com` matches `example.com`.
 */
export function hostMatches(url: URL, allowed: string): boolean {
  const text = allowed.trim();
  if (!text) return false;
  const attempts = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? [text] : [`http://${text}`, `http://[${text}]`];
  for (const attempt of attempts) {
    try {
      return new URL(attempt).hostname === url.hostname;
    } catch {
      // A bare IPv6 address only parses inside brackets: try the next form.
    }
  }
  return false;
}
