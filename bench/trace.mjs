// Figures read from a Chromium trace of one page load: the widget's main-thread script time from
// the V8 CPU profile the trace carries, and the page's main-thread tasks. A trace, not CDP's
// Profiler domain alone: the same recording holds the tasks with their thread CPU time, which
// the CPU-time figures need, and it records every process, so it does not depend on the
// navigation keeping the page in the renderer the session was attached to.

const CATEGORIES = [
  '-*',
  'toplevel', // RunTask: every task of every thread
  'disabled-by-default-devtools.timeline',
  'blink.user_timing', // the page's `bench-ready` mark
  'disabled-by-default-v8.cpu_profiler', // Profile / ProfileChunk: V8's sampling profiler
];

/** Traces `load()` (a navigation and whatever waits follow it); returns the parsed trace events. */
export async function traced(page, load) {
  await page.tracing.start({ categories: CATEGORIES });
  let stopped = false;
  try {
    await load();
    const buffer = await page.tracing.stop();
    stopped = true;
    return JSON.parse(Buffer.from(buffer).toString('utf8')).traceEvents;
  } finally {
    if (!stopped) await page.tracing.stop().catch(() => {});
  }
}

const TASK_NAMES = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);
const LONG_TASK_MS = 50;
const NOT_JS = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** The outermost tasks of a thread, in order: a task run inside another (a nested loop) is part of it. */
function outermost(tasks) {
  const list = [];
  for (const task of [...tasks].sort((a, b) => a.ts - b.ts)) {
    const last = list.at(-1);
    if (!last || task.ts >= last.ts + last.dur) list.push(task);
  }
  return list;
}

/**
 * Reads a trace of one bench page:
 *  - the page's main thread: the thread that set the mark `bench-ready`;
 *  - tasks: the outermost `RunTask`s of that thread that started before `afterMs` past the mark:
 *    the longest in wall-clock time (what a `longtask` observer should also see), in thread CPU
 *    time (`tdur`: the same task without the time the OS gave the core to another process),
 *    and how many lasted 50 ms or more (wall clock);
 *  - busy: the tasks of that thread that started before the mark, summed, in wall-clock time
 *    (`busyMs`) and thread CPU time (`busyCpuMs`: what the page cost the main thread until ready,
 *    whatever else the machine ran);
 *  - script, over the whole trace (navigation until tracing stopped), from the samples of that
 *    thread's CPU profile, each lasting until the next sample:
 *     - `self`: samples whose innermost frame is in `scriptUrl` (the widget file, Lit inside it);
 *     - `inclusive`: samples with a frame of `scriptUrl` anywhere on the stack (also the
 *       built-ins and DOM calls the widget's code makes: JSON, structuredClone, attachShadow…);
 *     - `pageJs`: every sample that is JavaScript (not idle, not `(program)`, not GC);
 *     - `gc`: garbage collection, whoever caused it.
 *    V8 samples by the wall clock: on a busy machine a thread the OS has paused still shows the
 *    stack it was paused in. So each figure is given twice: `…WallMs`, the samples' own times,
 *    and `…Ms`, each sample scaled by its task's CPU ÷ wall time (samples outside every task are
 *    idle and count for nothing). The latter is the figure to read: it is the CPU time of the
 *    main thread spent there, and depends much less on what else the machine runs.
 */
export function readTrace(events, scriptUrl, { afterMs = 500 } = {}) {
  const mark = events.find((event) => event.name === 'bench-ready' && String(event.cat).includes('blink.user_timing'));
  if (!mark) throw new Error('the trace holds no bench-ready mark: did the page finish?');
  const { pid, tid } = mark;
  const onMain = (event) => event.pid === pid && event.tid === tid;

  // From the navigation start of the bench page on (not the initial about:blank): tasks from
  // before it are the new renderer's own start-up.
  const navigation = events
    .filter((event) => event.name === 'navigationStart' && onMain(event) && event.ts <= mark.ts)
    .filter((event) => /^https?:/.test(event.args?.data?.documentLoaderURL ?? ''))
    .at(-1);
  const from = navigation?.ts ?? -Infinity;
  const tasks = outermost(
    events.filter((event) => onMain(event) && TASK_NAMES.has(event.name) && event.ph === 'X' && event.ts + event.dur >= from),
  );
  const counted = tasks.filter((task) => task.ts < mark.ts + afterMs * 1000);
  const longestTaskMs = Math.max(0, ...counted.map((task) => task.dur / 1000));
  const longestTaskCpuMs = Math.max(0, ...counted.map((task) => (task.tdur ?? task.dur) / 1000));
  const longTasks = counted.filter((task) => task.dur / 1000 >= LONG_TASK_MS).length;
  const beforeReady = tasks.filter((task) => task.ts < mark.ts);
  const busyMs = beforeReady.reduce((sum, task) => sum + task.dur, 0) / 1000;
  const busyCpuMs = beforeReady.reduce((sum, task) => sum + (task.tdur ?? task.dur), 0) / 1000;

  // A profile is one `Profile` event (on the profiled thread) and `ProfileChunk`s with its id
  // (sent from the sampling thread of the same process).
  const profile = events.find((event) => event.name === 'Profile' && onMain(event));
  if (!profile) throw new Error('the trace holds no CPU profile of the page’s main thread');
  const chunks = events
    .filter((event) => event.name === 'ProfileChunk' && event.pid === pid && event.id === profile.id)
    .sort((a, b) => a.ts - b.ts);
  const nodes = new Map();
  const samples = [];
  const deltas = [];
  for (const chunk of chunks) {
    const data = chunk.args?.data ?? {};
    for (const node of data.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
    samples.push(...(data.cpuProfile?.samples ?? []));
    deltas.push(...(data.timeDeltas ?? []));
  }
  const inScript = new Map();
  const reachesScript = (id) => {
    if (inScript.has(id)) return inScript.get(id);
    const node = nodes.get(id);
    const found = Boolean(node) && (node.callFrame?.url === scriptUrl || (node.parent !== undefined && reachesScript(node.parent)));
    inScript.set(id, found);
    return found;
  };

  const wall = { self: 0, inclusive: 0, pageJs: 0, gc: 0 };
  const cpu = { self: 0, inclusive: 0, pageJs: 0, gc: 0 };
  let at = profile.args?.data?.startTime ?? profile.ts;
  let task = 0;
  const intervals = [];
  for (let i = 0; i < samples.length; i++) {
    at += deltas[i] ?? 0;
    // A sample lasts until the next one; the last one, not at all.
    const us = Math.max(0, deltas[i + 1] ?? 0);
    if (i > 0) intervals.push(deltas[i]);
    const node = nodes.get(samples[i]);
    if (!node) continue;
    while (task < tasks.length && tasks[task].ts + tasks[task].dur < at) task++;
    const current = tasks[task] && tasks[task].ts <= at ? tasks[task] : undefined;
    const scale = current ? (current.tdur ?? current.dur) / Math.max(1, current.dur) : 0;
    const add = (key) => {
      wall[key] += us;
      cpu[key] += us * scale;
    };
    const name = node.callFrame?.functionName;
    if (name === '(garbage collector)') add('gc');
    if (NOT_JS.has(name)) continue;
    add('pageJs');
    if (node.callFrame?.url === scriptUrl) add('self');
    if (reachesScript(node.id)) add('inclusive');
  }
  const ms = (us) => us / 1000;
  return {
    fromNavigationStart: Boolean(navigation),
    busyMs,
    busyCpuMs,
    longestTaskMs,
    longestTaskCpuMs,
    longTasks,
    selfMs: ms(cpu.self),
    inclusiveMs: ms(cpu.inclusive),
    pageJsMs: ms(cpu.pageJs),
    gcMs: ms(cpu.gc),
    selfWallMs: ms(wall.self),
    inclusiveWallMs: ms(wall.inclusive),
    samples: samples.length,
    intervalMs: ms(intervals.sort((a, b) => a - b)[intervals.length >> 1] ?? 0),
  };
}
