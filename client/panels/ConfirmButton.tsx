/** Kept for the panels that still import it from here; the two-step button now lives with the page's shared parts. */
export { ConfirmButton } from '../ui/index.ts';
