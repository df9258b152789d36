// A browser without JavaScript for page tests: keeps the session cookie, sends our Origin on forms
// (pageFormOrigin wants it), never follows redirects, so a test sees each 303 and where it leads.
import { type Person, type World, connectionFrom } from './world.js';

export const PAGE_ORIGIN = 'https://vervolg.test';

export interface PageClient {
  cookie: string;
  get(path: string): Promise<Response>;
  /** A form post (application/x-www-form-urlencoded); repeated names as arrays. */
  post(path: string, fields: Record<string, string | string[]>): Promise<Response>;
}

export function pageClient(w: World, as: Person | null = null, ip = '198.51.100.77'): PageClient {
  let cookie = as ? `vervolg_session=${as.token}` : '';
  const keep = (res: Response) => {
    const set = res.headers.get('set-cookie');
    if (set && /vervolg_session=/.test(set)) {
      const value = /vervolg_session=([^;]*)/.exec(set)?.[1] ?? '';
      cookie = value ? `vervolg_session=${value}` : '';
    }
    return res;
  };
  return {
    get cookie() {
      return cookie;
    },
    set cookie(value: string) {
      cookie = value;
    },
    get: async (path) => keep(await w.app.request(path, { headers: cookie ? { Cookie: cookie } : {} }, connectionFrom(ip))),
    post: async (path, fields) => {
      const body = new URLSearchParams();
      for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
      const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Origin: PAGE_ORIGIN, ...(cookie ? { Cookie: cookie } : {}) };
      return keep(await w.app.request(path, { method: 'POST', body: body.toString(), headers }, connectionFrom(ip)));
    },
  };
}
