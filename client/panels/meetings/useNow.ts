import { useEffect, useState } from 'react';

/** The time now, read again every `everyMs` (a door that opens at a given minute shows it within that). */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
