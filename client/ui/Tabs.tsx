import * as RadixTabs from '@radix-ui/react-tabs';
import type { ReactNode } from 'react';

export interface Tab<V extends string> {
  value: V;
  label: string;
  /** Shown only while its tab is chosen (nothing of the others is kept in the page). */
  content: ReactNode;
}

/**
 * Tabs that follow the keyboard as the pattern expects: arrows move the choice and the focus together
 * (wrapping), Home and End go to the first and the last, and only the chosen tab is reached with Tab.
 * The first tab is chosen to begin with.
 */
export function Tabs<V extends string>({ label, tabs }: { label: string; tabs: readonly Tab<V>[] }) {
  return (
    <RadixTabs.Root defaultValue={tabs[0]?.value}>
      <RadixTabs.List aria-label={label} className="tabs">
        {tabs.map((tab) => (
          <RadixTabs.Trigger key={tab.value} value={tab.value}>
            {tab.label}
          </RadixTabs.Trigger>
        ))}
      </RadixTabs.List>
      {tabs.map((tab) => (
        // Every panel here opens on a control, so Tab from the chosen tab goes straight to it rather than
        // stopping on the panel itself.
        <RadixTabs.Content key={tab.value} value={tab.value} tabIndex={-1}>
          {tab.content}
        </RadixTabs.Content>
      ))}
    </RadixTabs.Root>
  );
}
