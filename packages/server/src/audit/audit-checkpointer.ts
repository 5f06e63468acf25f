/**
 * Signs a checkpoint every `intervalMs` while the log grows, and once more at shutdown, so
 * at most one interval of events is ever covered by leaves alone.
 */
import type { AuditApi } from '@cairn/core';

export const DEFAULT_AUDIT_CHECKPOINT_INTERVAL_MS = 10_000;

export interface AuditCheckpointer {
  /** Stops the timer and signs a last checkpoint over whatever was appended meanwhile. */
  stop(): Promise<void>;
}

export function startAuditCheckpoints(options: {
  audit: AuditApi;
  intervalMs?: number | undefined;
  /** Where failures go (a tampered log makes every attempt fail until it is repaired). */
  onError: (error: unknown) => void;
}): AuditCheckpointer {
  const { audit, onError } = options;
  let lastMessage: string | undefined;
  const attempt = async () => {
    try {
      await audit.checkpointNow();
      lastMessage = undefined;
    } catch (error) {
      // Report a persistent failure once, not every interval.
      const message = error instanceof Error ? error.message : String(error);
      if (message !== lastMessage) onError(error);
      lastMessage = message;
    }
  };
  const timer = setInterval(
    () => void attempt(),
    options.intervalMs ?? DEFAULT_AUDIT_CHECKPOINT_INTERVAL_MS,
  );
  timer.unref();
  let stopped: Promise<void> | undefined;
  return {
    stop: () =>
      (stopped ??= (async () => {
        clearInterval(timer);
        await attempt();
      })()),
  };
}
