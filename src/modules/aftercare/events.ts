// The webhook event of aftercare: a signal that a young person needs attention began (once per
// signal and the day it began; see jobs.ts). The payload names the agreement, the signal, since
// when and its detail — never the young person's name: the receiver looks the agreement up.
import { declareWebhookEvents } from '../../platform/webhooks.js';

export const aftercareEvents = declareWebhookEvents(['aftercare.signal'] as const);
