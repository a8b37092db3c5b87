import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { RunInfo } from '../../board/api.js';
import { boundContents, DEFAULT_LIMITS, type PointLimits, runInfo } from '../../board/run-series.js';
import { type EventFileContents, emptyContents } from '../../summary/reader.js';
import { EventFileFollower } from './event-file-follower.js';

/** Folders deeper than this under the log directory are not searched for runs. */
const MAX_DEPTH = 12;

/** A run: the event files of one folder, read into one set of series. */
export interface RunState {
  name: string;
  contents: EventFileContents;
  /** Changes with every change to the run; never repeats, even for a run read again from scratch (pages cache by it). */
  version: number;
  files: Map<string, EventFileFollower>;
}

/** TensorBoard's rule: an event file has `tfevents` in its name. */
export function isEventFileName(name: string): boolean {
  return name.includes('tfevents');
}

/**
 * The runs under a log directory, kept up to date by {@link refresh}: new folders and
 * event files are found, and each file is read on from where the last refresh
 * stopped. Symbolic links that lead outside the log directory are not followed.
 */
export class LogdirStore {
  /** Grows whenever a refresh finds new runs or records. */
  version = 0;
  readonly runs = new Map<string, RunState>();
  /** Problems met by the last walk of the folder tree (unreadable folders, outside links). */
  warnings: string[] = [];
  private found: string[] = [];
  private refreshing: Promise<boolean> | undefined;
  /** Source of run versions. */
  private stamp = 0;

  /** Whether the log directory exists yet (a board may be started before the first run). */
  exists = false;

  private constructor(
    /** The log directory: absolute, and with links resolved once it exists. */
    public root: string,
    private readonly keep: PointLimits,
  ) {}

  /**
   * Opens a log directory and reads what is there. A folder that does not exist yet is
   * watched for until it does; a path that is not a folder is an error.
   */
  static async open(logdir: string, keep: PointLimits = DEFAULT_LIMITS): Promise<LogdirStore> {
    const store = new LogdirStore(resolve(logdir), keep);
    try {
      if (!(await stat(store.root)).isDirectory()) throw new Error(`${logdir} is not a folder`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await store.refresh();
    return store;
  }

  /** Reads new runs and records; resolves to whether anything changed. Concurrent calls share one pass. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.scan().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /**
   * The absolute path of a known event file given relative to the log directory, if it
   * is one and still lies inside the log directory (it may have been swapped for a link
   * since the last walk).
   */
  async eventFilePath(relativePath: string): Promise<string | undefined> {
    for (const run of this.runs.values()) {
      const follower = run.files.get(relativePath);
      if (!follower) continue;
      try {
        const real = await realpath(follower.path);
        return real.startsWith(this.root + sep) && isEventFileName(basename(real)) ? real : undefined;
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  /** What `GET /api/runs` reports for each run, sorted by name. */
  runInfos(): RunInfo[] {
    return [...this.runs.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((run) =>
        runInfo(
          {
            name: run.name,
            version: run.version,
            files: [...run.files.keys()].sort(),
            warnings: [...run.files.values()].flatMap((f) => f.warnings),
          },
          run.contents,
        ),
      );
  }

  private async scan(): Promise<boolean> {
    const found: Array<{ path: string; rel: string; size: number }> = [];
    if (!this.exists) {
      try {
        this.root = await realpath(this.root);
        this.exists = true;
      } catch {
        return false;
      }
    }
    this.found = [];
    await this.walk(this.root, 0, found, new Set([this.root]));
    let changed = this.found.join('\n') !== this.warnings.join('\n');
    this.warnings = this.found;
    // A run that lost a file (deleted, rotated) is read again from the files it has left.
    const present = new Set(found.map((f) => f.rel));
    for (const [name, run] of this.runs)
      if ([...run.files.keys()].some((rel) => !present.has(rel))) {
        this.runs.delete(name);
        changed = true;
      }
    // Files in name order: TensorFlow's names start with the creation time, so a run's files are read oldest first.
    found.sort((a, b) => a.rel.localeCompare(b.rel));
    for (const file of found) {
      const slash = file.rel.lastIndexOf('/');
      const runName = slash < 0 ? '.' : file.rel.slice(0, slash);
      let run = this.runs.get(runName);
      if (!run) {
        run = { name: runName, contents: emptyContents(), version: ++this.stamp, files: new Map() };
        this.runs.set(runName, run);
        changed = true;
      }
      let follower = run.files.get(file.rel);
      if (!follower) {
        follower = new EventFileFollower(file.path, file.rel);
        run.files.set(file.rel, follower);
        changed = true;
      }
      const warnings = follower.warnings.join('\n');
      const added = await follower.poll(run.contents, file.size);
      if (added > 0) boundContents(run.contents, this.keep);
      if (added > 0 || follower.warnings.join('\n') !== warnings) {
        run.version = ++this.stamp;
        changed = true;
      }
    }
    if (changed) this.version++;
    return changed;
  }

  private async walk(
    dir: string,
    depth: number,
    found: Array<{ path: string; rel: string; size: number }>,
    visited: Set<string>,
  ): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A folder removed while walked is simply gone; anything else is worth a line.
      if (code !== 'ENOENT') this.warn(`cannot read ${this.rel(dir) || '.'}: ${code ?? 'error'}`);
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      let path = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          path = await realpath(path);
          if (path !== this.root && !path.startsWith(this.root + sep)) {
            this.warn(`${this.rel(join(dir, entry.name))} leads outside the log directory: not followed`);
            continue;
          }
          const s = await stat(path);
          isDir = s.isDirectory();
          isFile = s.isFile();
        } catch {
          continue; // a dangling link
        }
      }
      if (isDir && depth < MAX_DEPTH) {
        // Links can lead back to a folder already walked (`a -> .`): each real folder once per scan.
        if (visited.has(path)) continue;
        visited.add(path);
        await this.walk(path, depth + 1, found, visited);
      } else if (isFile && isEventFileName(entry.name)) {
        try {
          const rel = this.rel(join(dir, entry.name));
          found.push({ path, rel, size: (await stat(path)).size });
        } catch {
          // removed between the listing and the stat: it will be gone next time too
        }
      }
    }
  }

  private rel(path: string): string {
    return relative(this.root, path).split(sep).join('/');
  }

  private warn(line: string): void {
    if (!this.found.includes(line)) this.found.push(line);
  }
}
