import { useEffect, useState } from 'react';

/** Seconds until a no-show may be marked for the ticket at the desk (0 once it may). */
export function useGraceLeft(calledAt: number | null | undefined, graceMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!calledAt) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [calledAt]);
  return calledAt ? Math.max(0, Math.ceil((calledAt + graceMs - now) / 1000)) : 0;
}
