/**
 * Mounts its children only once their place on the page comes near the viewport, so a run
 * with hundreds of metric keys renders hundreds of light placeholders, not hundreds of charts
 * each fetching its series.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';

/** How far outside the viewport a chart is mounted already, so scrolling finds it drawn. */
const MARGIN_PX = 300;

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
  // Already near the viewport when first laid out: mount now, before the first paint, rather
  // than a frame later when the observer would report it.
  useLayoutEffect(() => {
    const box = ref.current?.getBoundingClientRect();
    if (box !== undefined && box.top < window.innerHeight + MARGIN_PX && box.bottom > -MARGIN_PX) {
      setVisible(true);
    }
  }, []);
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
      { rootMargin: `${MARGIN_PX}px 0px` },
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
