// The part of autocannon's API that `npm run bench:soak` uses besides autocannon.d.ts's: a list of
// requests each connection walks through, a request built per send (setupRequest).
declare module 'autocannon' {
  export interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    /** Called before each send of this request; returns the request to send. */
    setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
  }

  export interface Options {
    requests?: Request[];
  }
}
