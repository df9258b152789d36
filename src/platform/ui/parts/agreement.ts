// The agreement pages' own layout and enhancement, added to app.css / app.js (app-files.ts). One file
// per page family so each can grow without touching the others.
export const CSS = ``;

/** Runs after the page loaded; must do nothing on a page without its elements. */
export const JS = ``;
