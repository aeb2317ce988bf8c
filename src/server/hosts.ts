import { hostname, networkInterfaces } from 'node:os';

/** Names a loopback server answers to. */
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/** Interfaces that mean "every address of this machine". */
const WILDCARD = new Set(['0.0.0.0', '::', '[::]']);

/** Which Host headers the server accepts: DNS rebinding defence. A page on another site can make
 *  the browser resolve its own name to 127.0.0.1, but the browser still sends that name in Host,
 *  so only requests addressed to a name the server is known by (at its port) are answered. */
export class HostCheck {
  private readonly names: Set<string>;

  /** `host`: the interface listened on; `extra`: further names allowed (`serve --allow-host`). */
  constructor(host: string, private port: number, extra: readonly string[] = []) {
    this.names = new Set([...LOOPBACK, bracketed(host), ...extra.map((n) => bracketed(n.toLowerCase()))]);
    if (WILDCARD.has(host)) {
      // Listening everywhere: the machine's own name and addresses are legitimate too.
      this.names.add(hostname().toLowerCase());
      for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) this.names.add(bracketed(a.address));
    }
  }

  /** The port is known only once listening (`--port 0` picks a free one). */
  setPort(port: number): void {
    this.port = port;
  }

  /** Whether a Host header (`name:port`, `[v6]:port`) names this server. */
  allows(header: string | undefined): boolean {
    if (header === undefined) return false;
    const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(header.trim());
    if (!m) return false;
    const port = m[2] === undefined ? 80 : Number(m[2]);
    return port === this.port && this.names.has(m[1]!.toLowerCase());
  }

  /** Whether an Origin header (`http://name:port`) is this server, for requests that change state. */
  allowsOrigin(origin: string): boolean {
    try {
      const url = new URL(origin);
      return url.protocol === 'http:' && this.allows(url.host);
    } catch {
      return false;
    }
  }
}

function bracketed(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}
