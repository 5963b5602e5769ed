// The share buttons' icons, one ES module each: `import icon from 'virtual:share-icon/facebook'` gives
// `{ viewBox, d, hex, evenodd? }`. The paths are read at build time from two icon sets installed as
// devDependencies and inlined in the bundle, so a page fetches nothing for them:
// - simple-icons (CC0 1.0): the brands, and their colours (`hex`);
// - Bootstrap Icons (MIT): LinkedIn (simple-icons has none) and the generic email, copy and share glyphs.
// The sets draw with 3 decimals; the buttons draw at 16 to 24 CSS px, where a 24-unit viewBox puts
// 0.1 unit at about 0.1 px. So every coordinate is rounded to 0.1 unit (Bootstrap's 16-unit icons are
// scaled to 24 units first) and the path written as short as its grammar allows.
// vite.config.ts and vitest.config.ts load the modules with `shareIcons()`, web-test-runner.config.mjs
// serves them with `iconModule()`; src/virtual-icons.d.ts types them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PREFIX = 'virtual:share-icon/';
const VIEWBOX = 24;
/** Decimals kept in the 24-unit viewBox: 0.1 unit, about 0.1 px at the size the buttons draw. */
const PRECISION = 1;
/** For the glyphs that are not a brand: the element may draw them in its own colour. */
const NEUTRAL = '5F6368';

/** Each network's icon: simple-icons' export, or a Bootstrap Icons file and a colour. */
const SOURCES = {
  facebook: { simpleIcons: 'siFacebook' },
  x: { simpleIcons: 'siX' },
  // simple-icons has no LinkedIn; the colour is LinkedIn's own blue.
  linkedin: { bootstrap: 'linkedin', hex: '0A66C2' },
  pinterest: { simpleIcons: 'siPinterest' },
  reddit: { simpleIcons: 'siReddit' },
  bluesky: { simpleIcons: 'siBluesky' },
  threads: { simpleIcons: 'siThreads' },
  mastodon: { simpleIcons: 'siMastodon' },
  telegram: { simpleIcons: 'siTelegram' },
  whatsapp: { simpleIcons: 'siWhatsapp' },
  email: { bootstrap: 'envelope-fill', hex: NEUTRAL },
  copy: { bootstrap: 'link-45deg', hex: NEUTRAL },
  native: { bootstrap: 'share-fill', hex: NEUTRAL },
};
export const ICON_NAMES = Object.keys(SOURCES);

/** simple-icons' index is 5 MB of every brand: loaded once, and only when an icon is asked for. */
let simpleIcons;

/**
 * A network's icon as its set draws it: `{ viewBox, paths: [{ d, evenodd }], hex }`, untouched
 * (the visual check compares it with `icon()`).
 */
export async function original(name) {
  const source = Object.hasOwn(SOURCES, name) && SOURCES[name];
  if (!source) throw new Error(`No share icon "${name}": one of ${ICON_NAMES.join(', ')}`);
  if (source.simpleIcons) {
    simpleIcons ??= import('simple-icons');
    const { path, hex } = (await simpleIcons)[source.simpleIcons];
    return { viewBox: '0 0 24 24', paths: [{ d: path, evenodd: false }], hex };
  }
  const file = fileURLToPath(import.meta.resolve(`bootstrap-icons/icons/${source.bootstrap}.svg`));
  const svg = readFileSync(file, 'utf8');
  // The set's files are one <svg> of <path>s; anything else would be lost here, so it stops the build.
  const others = [...svg.matchAll(/<(\w+)/g)].map(([, tag]) => tag).filter((tag) => tag !== 'svg' && tag !== 'path');
  if (others.length) throw new Error(`${file}: <${others[0]}> is not supported, only <path>`);
  const viewBox = /\bviewBox="([^"]*)"/.exec(svg)?.[1];
  const paths = [...svg.matchAll(/<path\b([^>]*)>/g)].map(([, attributes]) => ({
    d: /\bd="([^"]*)"/.exec(attributes)?.[1] ?? '',
    evenodd: /\bfill-rule="evenodd"/.test(attributes),
  }));
  return { viewBox, paths, hex: source.hex };
}

/** A network's icon as the bundle carries it: `{ viewBox: '0 0 24 24', d, hex, evenodd? }`. */
export async function icon(name) {
  const { viewBox, paths, hex } = await original(name);
  const [x, y, width, height] = viewBox.split(/[\s,]+/).map(Number);
  if (x !== 0 || y !== 0 || width !== height) throw new Error(`share icon ${name}: viewBox ${viewBox} is not a square at 0 0`);
  // One path for all, in the fill rule they share: a mix could fill or empty where they overlap.
  const evenodd = paths.every((path) => path.evenodd);
  if (!evenodd && paths.some((path) => path.evenodd)) throw new Error(`share icon ${name}: its paths mix fill rules`);
  const d = minifyPath(paths.map((path) => path.d).join(' '), { scale: VIEWBOX / width, precision: PRECISION });
  return { viewBox: `0 0 ${VIEWBOX} ${VIEWBOX}`, d, hex, ...(evenodd && { evenodd: true }) };
}

/** The ES module `virtual:share-icon/NAME` resolves to. */
export async function iconModule(name) {
  return `export default ${JSON.stringify(await icon(name))};\n`;
}

/**
 * The Vite (and Vitest) plugin: `virtual:share-icon/NAME` imports. The id stays as written, without
 * the customary `\0`: the bundler leaves `\0` modules out of source maps, and `npm run size` reads
 * each icon's bytes from the maps.
 */
export function shareIcons() {
  return {
    name: 'share-icons',
    resolveId: (source) => (source.startsWith(PREFIX) ? source : null),
    load: (id) => (id.startsWith(PREFIX) ? iconModule(id.slice(PREFIX.length)) : null),
  };
}

// Path data (SVG 2, "Path data"): parsed, made absolute, scaled and rounded, then written again.

/** How many numbers each command takes. */
const ARITY = { M: 2, L: 2, H: 1, V: 1, C: 6, S: 4, Q: 4, T: 2, A: 7, Z: 0 };
const NUMBER = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const SEPARATORS = /[\s,]*/y;

/** `d` as `[command, ...numbers]` segments, one per command (implicit repetitions included). */
export function parsePath(d) {
  const segments = [];
  let at = 0;
  let command = null;
  const skip = () => {
    SEPARATORS.lastIndex = at;
    SEPARATORS.exec(d);
    at = SEPARATORS.lastIndex;
  };
  const number = () => {
    skip();
    NUMBER.lastIndex = at;
    const match = NUMBER.exec(d);
    if (!match) throw new SyntaxError(`path data: a number expected at ${at} in "${d}"`);
    at = NUMBER.lastIndex;
    return Number(match[0]);
  };
  // An arc's two flags are one character each, and may touch what follows ("a1 1 0 011 1").
  const flag = () => {
    skip();
    const char = d[at++];
    if (char !== '0' && char !== '1') throw new SyntaxError(`path data: an arc flag expected at ${at - 1} in "${d}"`);
    return Number(char);
  };
  for (skip(); at < d.length; skip()) {
    if (/[a-z]/i.test(d[at])) {
      command = d[at++];
      if (!(command.toUpperCase() in ARITY)) throw new SyntaxError(`path data: unknown command ${command} in "${d}"`);
      if (command.toUpperCase() === 'Z') {
        segments.push([command]);
        continue;
      }
    } else if (!command || command.toUpperCase() === 'Z') throw new SyntaxError(`path data: a command expected at ${at} in "${d}"`);
    const upper = command.toUpperCase();
    const args = upper === 'A' ? [number(), number(), number(), flag(), flag(), number(), number()] : [];
    while (args.length < ARITY[upper]) args.push(number());
    segments.push([command, ...args]);
    // Numbers after a moveto's first pair are linetos.
    if (upper === 'M') command = command === 'M' ? 'L' : 'l';
  }
  return segments;
}

/** Every segment in absolute coordinates, with its command in capitals. */
export function absolute(segments) {
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  return segments.map(([command, ...args]) => {
    const upper = command.toUpperCase();
    const relative = command !== upper;
    const out = [...args];
    if (upper === 'Z') {
      [x, y] = [startX, startY];
      return ['Z'];
    }
    if (upper === 'H') out[0] += relative ? x : 0;
    else if (upper === 'V') out[0] += relative ? y : 0;
    else if (upper === 'A') {
      if (relative) [out[5], out[6]] = [out[5] + x, out[6] + y];
    } else if (relative) for (let i = 0; i < out.length; i += 2) [out[i], out[i + 1]] = [out[i] + x, out[i + 1] + y];
    if (upper === 'H') x = out[0];
    else if (upper === 'V') y = out[0];
    else [x, y] = out.slice(-2);
    if (upper === 'M') [startX, startY] = [x, y];
    return [upper, ...out];
  });
}

/**
 * `d` scaled by `scale`, every coordinate rounded to `precision` decimals, and written short.
 * Positions are rounded where they are, not step by step: a relative step is the difference of two
 * rounded positions, so errors never add up along a path.
 */
export function minifyPath(d, { scale = 1, precision = PRECISION } = {}) {
  const unit = 10 ** precision;
  // Coordinates in units of 10^-precision, integers from here on; arc radii as text (see `arcRadii`).
  const round = (value) => Math.round(value * scale * unit);
  let exact = [0, 0];
  let start = [0, 0];
  const segments = absolute(parsePath(d)).map(([command, ...args]) => {
    const from = exact;
    if (command === 'Z') exact = start;
    else if (command === 'H') exact = [args[0] * scale, exact[1]];
    else if (command === 'V') exact = [exact[0], args[0] * scale];
    else exact = args.slice(-2).map((value) => value * scale);
    if (command === 'M') start = exact;
    if (command !== 'A') return [command, ...args.map(round)];
    const [rx, ry, rotation, large, sweep, x, y] = args;
    const ends = [...from.map((value) => Math.round(value * unit)), round(x), round(y)].map((value) => value / unit);
    const arc = { from, rx: rx * scale, ry: ry * scale, rotation, large, sweep, to: exact };
    return ['A', ...arcRadii(arc, ends, precision), Math.round(rotation * unit), large, sweep, round(x), round(y)];
  });
  const out = [];
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  segments.forEach(([command, ...args], i) => {
    if (command === 'Z') {
      out.push(['z']);
      [x, y] = [startX, startY];
      return;
    }
    // A line that rounding made level or upright is written as one.
    if (command === 'L' && args[1] === y) [command, args] = ['H', [args[0]]];
    else if (command === 'L' && args[0] === x) [command, args] = ['V', [args[1]]];
    const [endX, endY] = command === 'H' ? [args[0], y] : command === 'V' ? [x, args[0]] : args.slice(-2);
    const absoluteForm = [command, ...args];
    let relativeForm;
    if (command === 'H') relativeForm = ['h', args[0] - x];
    else if (command === 'V') relativeForm = ['v', args[0] - y];
    else if (command === 'A') relativeForm = ['a', ...args.slice(0, 5), args[5] - x, args[6] - y];
    else relativeForm = [command.toLowerCase(), ...args.map((value, j) => value - (j % 2 ? y : x))];
    // A line or an arc that rounding made a point draws nothing in a fill; it stays when a smooth curve
    // after it takes its control point from the segment before.
    const next = segments[i + 1]?.[0];
    if ('LHVA'.includes(command) && endX === x && endY === y && next !== 'S' && next !== 'T') return;
    out.push(write(relativeForm, unit).length < write(absoluteForm, unit).length ? relativeForm : absoluteForm);
    [x, y] = [endX, endY];
    if (command === 'M') [startX, startY] = [x, y];
  });
  return serialize(out, unit);
}

/**
 * An arc's radii, as text, for its rounded ends `[x1, y1, x2, y2]`. An arc is drawn from its ends and
 * radii, and near a half turn its centre moves far for a small change of either (a radius 0.05 too
 * long for a half circle of radius 4.5 moves the centre 0.67): so the radii get the fewest decimals,
 * from `precision` on, that keep the arc where it was (centre and radius together within half a step).
 */
function arcRadii({ from, rx, ry, rotation, large, sweep, to }, ends, precision) {
  const target = arcCentre(...from, rx, ry, rotation, large, sweep, ...to);
  if (!target || (ends[0] === ends[2] && ends[1] === ends[3]))
    return [rx, ry].map((radius) => format(Math.round(radius * 10 ** precision), 10 ** precision));
  const rounded = Math.round(rotation * 10 ** precision) / 10 ** precision;
  // The radii that put the centre nearest the old one for the new ends: in the frame where the
  // ellipse is a circle, the centre goes on the ends' perpendicular bisector.
  const phi = (rotation * Math.PI) / 180;
  const circle = ([x, y]) => [Math.cos(phi) * x + Math.sin(phi) * y, ((-Math.sin(phi) * x + Math.cos(phi) * y) * target.rx) / target.ry];
  const [[x1, y1], [x2, y2], [cx, cy]] = [ends.slice(0, 2), ends.slice(2), [target.cx, target.cy]].map(circle);
  const [mx, my, length] = [(x1 + x2) / 2, (y1 + y2) / 2, Math.hypot(x2 - x1, y2 - y1)];
  const [nx, ny] = [-(y2 - y1) / length, (x2 - x1) / length];
  const along = (cx - mx) * nx + (cy - my) * ny;
  const scale = Math.hypot(mx + along * nx - x1, my + along * ny - y1) / target.rx;
  const tolerance = 0.5 / 10 ** precision;
  let best = null;
  for (let decimals = precision; decimals <= precision + 3; decimals++) {
    const unit = 10 ** decimals;
    // Rounded down, a half circle stays one: radii too short for the ends are lengthened to reach them.
    for (const mode of [Math.round, Math.floor, Math.ceil]) {
      const radii = [mode(target.rx * scale * unit), mode(target.ry * scale * unit)];
      const drawn = arcCentre(ends[0], ends[1], radii[0] / unit, radii[1] / unit, rounded, large, sweep, ends[2], ends[3]);
      const error = drawn
        ? Math.hypot(drawn.cx - target.cx, drawn.cy - target.cy) + Math.max(Math.abs(drawn.rx - target.rx), Math.abs(drawn.ry - target.ry))
        : Infinity;
      if (!best || error < best.error) best = { radii: radii.map((radius) => format(radius, unit)), error };
      if (error <= tolerance) return best.radii;
    }
  }
  return best.radii;
}

/**
 * Where an arc is drawn: its centre and its radii once scaled up to reach both ends (SVG 2,
 * "Elliptical arc implementation notes", F.6.5 and F.6.6); `null` for an arc drawn as a line or not at all.
 */
function arcCentre(x1, y1, rx, ry, rotation, large, sweep, x2, y2) {
  rx = Math.abs(rx);
  ry = Math.abs(ry);
  if (!rx || !ry || (x1 === x2 && y1 === y2)) return null;
  const phi = (rotation * Math.PI) / 180;
  const [cos, sin] = [Math.cos(phi), Math.sin(phi)];
  const [dx, dy] = [(x1 - x2) / 2, (y1 - y2) / 2];
  const [x, y] = [cos * dx + sin * dy, -sin * dx + cos * dy];
  const lambda = (x * x) / (rx * rx) + (y * y) / (ry * ry);
  if (lambda > 1) [rx, ry] = [rx * Math.sqrt(lambda), ry * Math.sqrt(lambda)];
  const square = (rx * rx * ry * ry - rx * rx * y * y - ry * ry * x * x) / (rx * rx * y * y + ry * ry * x * x);
  const root = (large === sweep ? -1 : 1) * Math.sqrt(Math.max(0, square));
  const [cx, cy] = [(root * rx * y) / ry, (-root * ry * x) / rx];
  return { cx: cos * cx - sin * cy + (x1 + x2) / 2, cy: sin * cx + cos * cy + (y1 + y2) / 2, rx, ry };
}

/** A number in units of 1/`unit`, written short: `-.5`, `12`, `.05`. */
function format(value, unit) {
  const text = String(value / unit);
  if (/e/.test(text)) throw new Error(`path data: ${value / unit} is out of range`);
  return text.replace(/^(-?)0\./, '$1.');
}

/** One segment's numbers with the fewest separators its grammar allows. */
function write([command, ...args], unit) {
  let text = '';
  let previous = null;
  args.forEach((value, i) => {
    const flag = command.toUpperCase() === 'A' && (i === 3 || i === 4);
    const token = flag ? String(value) : typeof value === 'string' ? value : format(value, unit);
    // A separator is needed unless the sign, or a second decimal point, or a flag's end, ends the number before.
    const joined = previous === null || token[0] === '-' || previous.flag || (token[0] === '.' && previous.token.includes('.'));
    text += (joined ? '' : ' ') + token;
    previous = { token, flag };
  });
  return text;
}

/** Segments to `d`: a command letter is left out where it repeats (after M, L repeats; after m, l). */
function serialize(segments, unit) {
  let d = '';
  let last = null;
  for (const segment of segments) {
    const [command] = segment;
    const implicit =
      last === command
        ? command !== 'M' && command !== 'm' && command !== 'z'
        : (last === 'M' && command === 'L') || (last === 'm' && command === 'l');
    const numbers = write(segment, unit);
    if (implicit) {
      // The next number has to be told apart from the last one written.
      const needs = !(numbers[0] === '-' || (numbers[0] === '.' && /\.\d*$/.test(d)));
      d += (needs ? ' ' : '') + numbers;
    } else d += command + numbers;
    last = command;
  }
  return d;
}
