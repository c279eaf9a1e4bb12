import { create } from 'zustand';
import type { HallLayout } from '../../shared/layout.ts';
import { DEFAULT_LAYOUT, isLayoutId, layoutFor, type LayoutId } from '../../shared/layouts/registry.ts';
import { navGridOf, type NavGrid } from '../../shared/navgrid.ts';

/**
 * The page's hall layout: its station's, set once from the station's entry (stations.ts) before the hall
 * mounts, and read from here by every part of the page that draws, frames or lists the hall. The standard
 * hall until then, and for an entry from a hall too old to name one.
 */
interface LayoutState {
  id: LayoutId;
  layout: HallLayout;
}

export const useLayoutStore = create<LayoutState>(() => ({
  id: DEFAULT_LAYOUT,
  layout: layoutFor(DEFAULT_LAYOUT),
}));

/**
 * Take the station's layout. An id this page does not know (a newer hall's) keeps the standard hall: the page
 * then draws a plan its hall does not use, which the hall's own movement checks still keep honest.
 */
export function setPageLayout(id: unknown): void {
  const known = isLayoutId(id) ? id : DEFAULT_LAYOUT;
  if (known !== id && id !== undefined) console.warn('Unknown hall layout; drawing the standard hall.', id);
  if (useLayoutStore.getState().id !== known) useLayoutStore.setState({ id: known, layout: layoutFor(known) });
}

/** The page's hall layout, for a component. */
export function useHallLayout(): HallLayout {
  return useLayoutStore((s) => s.layout);
}

/** The page's hall layout, for code outside React (per-frame motion, camera framing, labels). */
export function pageLayout(): HallLayout {
  return useLayoutStore.getState().layout;
}

/** The floor grid the hall judges movement with, for this page's layout (built once per layout). */
export function pageNavGrid(): NavGrid {
  return navGridOf(pageLayout());
}
