/**
 * Built script-tag files, each loaded into a fresh frame (a new page: its own globals and custom
 * element registry), talking to the test server's fake SharedCount on another origin
 * (http://127.0.0.1:PORT), whose log shows exactly what went over the wire.
 */
import type * as CountsApi from '../../../src/entries/share-count.iife.js';

export interface Page {
  win: Window & { ShareCountWidgets: typeof CountsApi; jQuery: JQueryStatic };
  doc: Document;
  /** What the frame reported: uncaught errors and unhandled rejections. */
  errors: string[];
}

/** The test server's fake SharedCount (web-test-runner.config.mjs), as an endpoint. */
export const API = `http://127.0.0.1:${location.port}/__fake-sharedcount/`;

/** The requests the fake received since the last call, path and query as sent. */
export const fakeLog = async (): Promise<string[]> => (await fetch(`${API}log`)).json();

/** A blank frame with `scripts` loaded in order, each with its attributes; storage is emptied first. */
export function page(...scripts: [string, Record<string, string>?][]): Promise<Page> {
  localStorage.clear(); // the frames share this origin's storage
  return pageKeepingStorage(...scripts);
}

/** `page()` with this origin's storage as it is: what an earlier page stored, a reload finds. */
export async function pageKeepingStorage(...scripts: [string, Record<string, string>?][]): Promise<Page> {
  const frame = document.createElement('iframe');
  document.body.append(frame);
  const win = frame.contentWindow as Page['win'];
  const errors: string[] = [];
  win.addEventListener('error', (event) => errors.push(event.message));
  win.addEventListener('unhandledrejection', (event) => errors.push(String(event.reason)));
  const doc = frame.contentDocument!;
  for (const [src, attributes = {}] of scripts) {
    const script = doc.createElement('script');
    for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
    script.src = src;
    await new Promise((resolve) => ((script.onload = script.onerror = resolve), doc.head.append(script)));
  }
  return { win, doc, errors };
}

/** The jQuery versions the plugin supports, as the test server serves them. */
export const JQUERIES = [
  ['1.12', '/node_modules/jquery1/dist/jquery.js'],
  ['3.7', '/node_modules/jquery3/dist/jquery.js'],
  ['4.0', '/node_modules/jquery/dist/jquery.js'],
] as const;

/** `$.sharedCount(url, options)` of a frame, as a native promise; answers are not kept unless asked. */
export const callPlugin = (win: Page['win'], url: string, options: object = {}) =>
  new Promise((resolve, reject) => void win.jQuery.sharedCount(url, { cache: 'none', ...options }).then(resolve, reject));
