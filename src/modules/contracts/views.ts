// What the contracts lend to other modules' pages: the notice of contracts needing attention
// (notice deadline near, budget past its warning), shown on an admin's home page.
export { contractAttentionNotice } from './pages/list.js';
