import { z } from 'zod';

// Every schema in the hall comes through here, so this setting holds before any of them is built. The
// page's Content-Security-Policy forbids eval: zod would probe for it (and log a CSP error) the first
// time an object schema is built, then fall back to the same checks without compiled code.
z.config({ jitless: true });

export { z };
