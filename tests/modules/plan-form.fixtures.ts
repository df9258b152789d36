import type { Plan } from '../../src/domain/agreement.js';

export const EMPTY_PLAN_FOR_TESTS: Plan = { goals: [], commitments: [], conditions: [], risks: [], network: [], checklist: [], reviews: [] };
