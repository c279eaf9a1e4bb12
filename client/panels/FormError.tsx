/** Kept for the panels that still import it from here; the form error now lives with the page's shared parts. */
export { FormError } from '../ui/index.ts';
