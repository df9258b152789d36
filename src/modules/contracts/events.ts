// The webhook events about provider contracts (raised by the contract jobs and by renewal).
import { declareWebhookEvents } from '../../platform/webhooks.js';

export const contractEvents = declareWebhookEvents(['contract.budget-warning', 'contract.notice-deadline', 'contract.renewed'] as const);
export type ContractEventType = (typeof contractEvents.types)[number];
