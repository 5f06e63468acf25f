/**
 * Tells a client's retry of `model-versions/create` apart from a deliberate second
 * registration of the same source.
 *
 * The two are byte-identical on the wire: the request carries no timestamp or client token,
 * and MLflow answers a second registration of one source with a new version. What differs
 * is timing. The mlflow client retries a failed POST (5xx, 429, a dropped connection) on a
 * back-off that sleeps about four minutes in all, so a repeat of the same request from the
 * same actor within `windowMs` of its first sighting is treated as that first request (the
 * registry returns the version it already made), and a repeat after the window makes a new
 * version, as MLflow would. The memory is per process and bounded: a retry that straddles
 * a restart can still register twice, which is the failure MLflow itself always has.
 */
export interface RetryWindow {
  /** The idempotency key for a request whose (actor, route, body) hash is `requestHash`. */
  keyFor(requestHash: string): string;
}

export interface RetryWindowOptions {
  windowMs: number;
  /** Oldest sightings are forgotten first once this many are remembered. */
  maxEntries: number;
  now: () => number;
}

export function createRetryWindow(options: RetryWindowOptions): RetryWindow {
  // Insertion order is first-sighting order, so expired entries sit at the front.
  const firstSeen = new Map<string, number>();

  function forgetExpired(now: number): void {
    for (const [hash, seenAt] of firstSeen) {
      if (now - seenAt < options.windowMs && firstSeen.size <= options.maxEntries) return;
      firstSeen.delete(hash);
    }
  }

  return {
    keyFor(requestHash) {
      const now = options.now();
      forgetExpired(now);
      let seenAt = firstSeen.get(requestHash);
      if (seenAt === undefined) {
        seenAt = now;
        firstSeen.set(requestHash, seenAt);
        if (firstSeen.size > options.maxEntries) forgetExpired(now);
      }
      return `${requestHash}:${seenAt}`;
    },
  };
}
