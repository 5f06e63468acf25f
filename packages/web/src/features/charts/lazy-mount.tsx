/**
 * Mounts its children only once their place on the page comes near the viewport, so a run
 * with hundreds of metric keys renders hundreds of light placeholders, not hundreds of charts
 * each fetching its series.
 */
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';

export function LazyMount({
  children,
  minHeight,
  label,
}: {
  children: ReactNode;
  /** Reserved height while unmounted, so the scroll position stays stable. */
  minHeight: number;
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (element === null || visible) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          setVisible(true);
          observer.disconnect();
        }
      },
      { rootMargin: '300px 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [visible]);
  return (
    <div
      ref={ref}
      className="lazy-mount"
      style={{ minHeight }}
      data-testid="lazy-chart"
      data-mounted={visible ? 'true' : 'false'}
      aria-label={visible ? undefined : `${label} (loads when scrolled into view)`}
    >
      {visible ? children : null}
    </div>
  );
}
