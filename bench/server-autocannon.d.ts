// The part of autocannon 9's API bench/server.ts and test/reliability/server.test.ts use (the package ships no types; the
// @types/autocannon release lags its major version). README: "Programmatically".
declare module 'autocannon' {
  type Histogram = { average: number; mean: number; stddev: number; min: number; max: number; p50: number; p90: number; p97_5: number; p99: number };
  type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string };
  export type Options = {
    url: string;
    connections?: number;
    amount?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    timeout?: number;
    requests?: (Request & { setupRequest?: (req: Request, context: object) => Request })[];
  };
  export type Result = {
    /** Per-second rates, and the total sent and answered. */
    requests: Histogram & { total: number; sent: number };
    latency: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    statusCodeStats: Record<string, { count: number }>;
  };
  function autocannon(options: Options): Promise<Result>;
  // eslint-disable-next-line no-restricted-exports -- the module's CommonJS export, as it is
  export default autocannon;
}
