// Frozen once shipped. Billing through Stripe (issue 5): filled in by the billing module's work.
export const name = '0010_billing';

export const up = /* sql */ `
SELECT 1;
`;
