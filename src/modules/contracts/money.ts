// Amounts as the contract pages and the summary PDF print them. A leaf: the PDF Worker imports it
// (through pdf.ts) without the service and its database code.

/** € 1.234,56 — written out by hand, so it reads the same whatever ICU data the runtime has. */
export function euros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(cents));
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `€ ${sign}${whole},${String(abs % 100).padStart(2, '0')}`;
}
