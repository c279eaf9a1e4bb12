import { useEffect, useState } from 'react';

/**
 * How many times a board has turned its page: once every `everyMs` milliseconds while it has two pages or
 * more, and not at all with one. The board shows page `turn % pages`.
 */
export function usePageTurn(pages: number, everyMs: number): number {
  const [turn, setTurn] = useState(0);
  useEffect(() => {
    if (pages < 2) return;
    const timer = setInterval(() => setTurn((n) => n + 1), everyMs);
    return () => clearInterval(timer);
  }, [pages, everyMs]);
  return turn;
}
