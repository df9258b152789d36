// Request and response shapes of the platform operator's own operations (issue 14): the
// operators, and inviting another operator.
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../../platform/http/openapi.js';
import { text } from '../../platform/text.js';
import { Email } from '../identity/schemas.js';

export const Operator = z
  .object({
    userId: z.uuid(),
    email: text(),
    name: text(),
    twoFactorEnabled: z.boolean().openapi({ description: 'Whether the person has set up an authenticator app (every operator needs one before doing anything).' }),
    createdAt: Timestamp,
  })
  .openapi('Operator', { description: 'A platform operator (platformbeheerder): manages municipalities, care providers and the other operators.' });

export const CreateOperatorInvitation = z
  .object({ email: Email })
  .strict()
  .openapi('CreateOperatorInvitation', {
    description: 'Invite a person by e-mail to become a platform operator. The e-mail carries a link (valid for the installation’s invitation period) to /accept-invitation: a new person chooses a name and password, then sets up a second factor before anything else; a person with an account links it. Accepting makes the person an operator.',
    example: { email: 'beheer@vervolg.example' },
  });
