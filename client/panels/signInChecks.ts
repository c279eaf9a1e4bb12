import { merchantSignUpSchema, recoverSchema, staffLoginSchema } from '../../shared/accounts.ts';
import { fieldCodes } from '../ui/fieldCodes.ts';

/**
 * The checks the sign-in forms apply before sending, the same schemas the server applies. They come with the
 * schema library, so they are a chunk of their own: the forms show without them and load them while the
 * person types (see {@link loadSignInChecks}).
 */
export { fieldCodes, merchantSignUpSchema, recoverSchema, staffLoginSchema };
