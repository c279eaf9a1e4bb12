import { useId, useState, type ReactNode } from 'react';

export interface Tab<V extends string> {
  value: V;
  label: string;
  /** Shown only while its tab is chosen (nothing of the others is kept in the page). */
  content: ReactNode;
}

/** Arrow keys move along the tabs (wrapping), Home and End go to the first and the last. */
function indexAfterKey(i: number, count: number, key: string): number | null {
  if (key === 'ArrowRight') return (i + 1) % count;
  if (key === 'ArrowLeft') return (i + count - 1) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}

/**
 * Tabs that follow the keyboard as the pattern expects: arrows move the choice and the focus together
 * (wrapping), Home and End go to the first and the last, and only the chosen tab is reached with Tab. The
 * choice moves in the same keystroke as the focus — Radix's tabs move the focus a tick later, so a reader
 * who presses Home hears the tab before it is chosen. The first tab is chosen to begin with.
 */
export function Tabs<V extends string>({ label, tabs }: { label: string; tabs: readonly Tab<V>[] }) {
  const base = useId();
  const [chosen, setChosen] = useState(0);
  const id = (i: number, part: 'tab' | 'panel') => `${base}-${part}-${tabs[i]?.value}`;
  const current = tabs[chosen];
  return (
    <>
      <div role="tablist" aria-label={label} className="tabs">
        {tabs.map((tab, i) => (
          <button
            key={tab.value}
            type="button"
            role="tab"
            id={id(i, 'tab')}
            aria-selected={i === chosen}
            aria-controls={id(i, 'panel')}
            tabIndex={i === chosen ? 0 : -1}
            onClick={() => setChosen(i)}
            onKeyDown={(e) => {
              const next = indexAfterKey(i, tabs.length, e.key);
              if (next === null) return;
              e.preventDefault();
              setChosen(next);
              document.getElementById(id(next, 'tab'))?.focus();
            }}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {current && (
        <div role="tabpanel" id={id(chosen, 'panel')} aria-labelledby={id(chosen, 'tab')}>
          {current.content}
        </div>
      )}
    </>
  );
}
