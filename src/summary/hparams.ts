import { ProtoWriter, readFields } from './protobuf.js';

// TensorBoard's hparams plugin records (tensorboard/plugins/hparams/plugin_data.proto and
// api.proto). A run holds a session start (its hyperparameters) and a session end (its
// status); an experiment record (the hyperparameters' domains and the metrics) sits in the
// log directory's own run, or, as PyTorch's add_hparams writes it, beside the session.
// Each is a Summary.Value with no value, plugin "hparams" and a serialised
// HParamsPluginData as the plugin content — PyTorch's layout, which TensorBoard reads.

/** The plugin name and the tags TensorBoard looks for (tensorboard/plugins/hparams/metadata.py). */
export const HPARAMS_PLUGIN = 'hparams';
/** Tags of the three record kinds. */
export const HPARAMS_TAGS = {
  experiment: '_hparams_/experiment',
  sessionStart: '_hparams_/session_start_info',
  sessionEnd: '_hparams_/session_end_info',
} as const;

/** A hyperparameter's value: google.protobuf.Value's number, string or bool. */
export type HParamValue = number | string | boolean;

/** HParamInfo.type (DataType). */
export type HParamType = 'string' | 'bool' | 'float64';
const DATA_TYPES: readonly (HParamType | 'unset')[] = ['unset', 'string', 'bool', 'float64'];

/** One hyperparameter of an experiment: its type and the values it may take. */
export interface HParamInfo {
  name: string;
  type?: HParamType;
  /** domain_discrete: every value it takes. */
  values?: HParamValue[];
  /** domain_interval, for numbers. */
  interval?: { min: number; max: number };
  displayName?: string;
  description?: string;
}

/** One metric of an experiment: a scalar tag (and the run suffix it is logged under). */
export interface MetricInfo {
  tag: string;
  group?: string;
  displayName?: string;
  description?: string;
  datasetType?: 'training' | 'validation';
}
const DATASET_TYPES = ['unknown', 'training', 'validation'] as const;

/** Experiment: what every session of a sweep varies and reports. */
export interface HParamsExperiment {
  name?: string;
  description?: string;
  user?: string;
  timeCreatedSecs?: number;
  hparams: HParamInfo[];
  metrics: MetricInfo[];
}

/** SessionStartInfo: one run's hyperparameters. */
export interface SessionStart {
  hparams: Record<string, HParamValue>;
  modelUri?: string;
  monitorUrl?: string;
  /** Sessions of one group are repeats of one configuration (e.g. seeds). */
  groupName?: string;
  startTimeSecs?: number;
}

/** Session status (api.proto's Status). */
export type SessionStatus = 'unknown' | 'success' | 'failure' | 'running';
const STATUSES: readonly SessionStatus[] = ['unknown', 'success', 'failure', 'running'];

/** SessionEndInfo: how and when a run ended. */
export interface SessionEnd {
  status: SessionStatus;
  endTimeSecs?: number;
}

/** One decoded HParamsPluginData. */
export type HParamsRecord =
  | { kind: 'experiment'; experiment: HParamsExperiment }
  | { kind: 'sessionStart'; sessionStart: SessionStart }
  | { kind: 'sessionEnd'; sessionEnd: SessionEnd };

/** HParamsPluginData.version that nnlab writes and PyTorch and TensorFlow write. */
const PLUGIN_DATA_VERSION = 0;

/** Serialises a record as HParamsPluginData (fields in number order, defaults left out). */
export function encodeHParamsRecord(record: HParamsRecord): Uint8Array {
  const w = new ProtoWriter();
  if (PLUGIN_DATA_VERSION) w.int(1, PLUGIN_DATA_VERSION);
  if (record.kind === 'experiment') w.message(2, (m) => writeExperiment(m, record.experiment));
  else if (record.kind === 'sessionStart') w.message(3, (m) => writeSessionStart(m, record.sessionStart));
  else w.message(4, (m) => writeSessionEnd(m, record.sessionEnd));
  return w.finish();
}

function writeExperiment(w: ProtoWriter, e: HParamsExperiment): void {
  if (e.description) w.string(1, e.description);
  if (e.user) w.string(2, e.user);
  if (e.timeCreatedSecs) w.double(3, e.timeCreatedSecs);
  for (const h of e.hparams) {
    w.message(4, (hw) => {
      hw.string(1, h.name);
      if (h.displayName) hw.string(2, h.displayName);
      if (h.description) hw.string(3, h.description);
      if (h.type) hw.int(4, DATA_TYPES.indexOf(h.type));
      const { values, interval } = h;
      if (values) hw.message(5, (lw) => writeListValue(lw, values));
      else if (interval) {
        hw.message(6, (iw) => {
          if (interval.min) iw.double(1, interval.min);
          if (interval.max) iw.double(2, interval.max);
        });
      }
    });
  }
  for (const m of e.metrics) {
    w.message(5, (mw) => {
      mw.message(1, (nw) => {
        if (m.group) nw.string(1, m.group);
        if (m.tag) nw.string(2, m.tag);
      });
      if (m.displayName) mw.string(3, m.displayName);
      if (m.description) mw.string(4, m.description);
      if (m.datasetType) mw.int(5, DATASET_TYPES.indexOf(m.datasetType));
    });
  }
  if (e.name) w.string(6, e.name);
}

function writeSessionStart(w: ProtoWriter, s: SessionStart): void {
  for (const [key, value] of Object.entries(s.hparams)) {
    // A map entry is a message { key = 1; value = 2 }.
    w.message(1, (ew) => {
      ew.string(1, key);
      ew.message(2, (vw) => writeValue(vw, value));
    });
  }
  if (s.modelUri) w.string(2, s.modelUri);
  if (s.monitorUrl) w.string(3, s.monitorUrl);
  if (s.groupName) w.string(4, s.groupName);
  if (s.startTimeSecs) w.double(5, s.startTimeSecs);
}

function writeSessionEnd(w: ProtoWriter, s: SessionEnd): void {
  const status = STATUSES.indexOf(s.status);
  if (status) w.int(1, status);
  if (s.endTimeSecs) w.double(2, s.endTimeSecs);
}

/** google.protobuf.Value: number_value = 2, string_value = 3, bool_value = 4 (a oneof: always written). */
function writeValue(w: ProtoWriter, value: HParamValue): void {
  if (typeof value === 'number') w.double(2, value);
  else if (typeof value === 'string') w.string(3, value);
  else w.int(4, value ? 1 : 0);
}

function writeListValue(w: ProtoWriter, values: readonly HParamValue[]): void {
  for (const v of values) w.message(1, (vw) => writeValue(vw, v));
}

const decoder = new TextDecoder();
const text = (bytes: Uint8Array) => decoder.decode(bytes);

/** Parses HParamsPluginData; throws on malformed bytes or a record of no known kind. */
export function decodeHParamsRecord(bytes: Uint8Array): HParamsRecord {
  for (const f of readFields(bytes)) {
    if (f.field === 2) return { kind: 'experiment', experiment: readExperiment(f.bytes) };
    if (f.field === 3) return { kind: 'sessionStart', sessionStart: readSessionStart(f.bytes) };
    if (f.field === 4) return { kind: 'sessionEnd', sessionEnd: readSessionEnd(f.bytes) };
  }
  throw new Error('hparams plugin data holds no experiment, session start or session end');
}

function readExperiment(bytes: Uint8Array): HParamsExperiment {
  const e: HParamsExperiment = { hparams: [], metrics: [] };
  for (const f of readFields(bytes)) {
    if (f.field === 1) e.description = text(f.bytes);
    else if (f.field === 2) e.user = text(f.bytes);
    else if (f.field === 3) e.timeCreatedSecs = f.number;
    else if (f.field === 4) e.hparams.push(readHParamInfo(f.bytes));
    else if (f.field === 5) e.metrics.push(readMetricInfo(f.bytes));
    else if (f.field === 6) e.name = text(f.bytes);
  }
  return e;
}

function readHParamInfo(bytes: Uint8Array): HParamInfo {
  const h: HParamInfo = { name: '' };
  for (const f of readFields(bytes)) {
    if (f.field === 1) h.name = text(f.bytes);
    else if (f.field === 2) h.displayName = text(f.bytes);
    else if (f.field === 3) h.description = text(f.bytes);
    else if (f.field === 4) {
      const type = DATA_TYPES[f.int];
      if (type && type !== 'unset') h.type = type;
    } else if (f.field === 5) h.values = readListValue(f.bytes);
    else if (f.field === 6) {
      const interval = { min: 0, max: 0 };
      for (const i of readFields(f.bytes)) {
        if (i.field === 1) interval.min = i.number;
        else if (i.field === 2) interval.max = i.number;
      }
      h.interval = interval;
    }
  }
  return h;
}

function readMetricInfo(bytes: Uint8Array): MetricInfo {
  const m: MetricInfo = { tag: '' };
  for (const f of readFields(bytes)) {
    if (f.field === 1) {
      for (const n of readFields(f.bytes)) {
        if (n.field === 1) m.group = text(n.bytes);
        else if (n.field === 2) m.tag = text(n.bytes);
      }
    } else if (f.field === 3) m.displayName = text(f.bytes);
    else if (f.field === 4) m.description = text(f.bytes);
    else if (f.field === 5) {
      const type = DATASET_TYPES[f.int];
      if (type && type !== 'unknown') m.datasetType = type;
    }
  }
  return m;
}

function readSessionStart(bytes: Uint8Array): SessionStart {
  const s: SessionStart = { hparams: {} };
  for (const f of readFields(bytes)) {
    if (f.field === 1) {
      let key = '';
      let value: HParamValue | undefined;
      for (const e of readFields(f.bytes)) {
        if (e.field === 1) key = text(e.bytes);
        else if (e.field === 2) value = readValue(e.bytes);
      }
      if (value !== undefined) s.hparams[key] = value;
    } else if (f.field === 2) s.modelUri = text(f.bytes);
    else if (f.field === 3) s.monitorUrl = text(f.bytes);
    else if (f.field === 4) s.groupName = text(f.bytes);
    else if (f.field === 5) s.startTimeSecs = f.number;
  }
  return s;
}

function readSessionEnd(bytes: Uint8Array): SessionEnd {
  const s: SessionEnd = { status: 'unknown' };
  for (const f of readFields(bytes)) {
    if (f.field === 1) s.status = STATUSES[f.int] ?? 'unknown';
    else if (f.field === 2) s.endTimeSecs = f.number;
  }
  return s;
}

/** A google.protobuf.Value; null, struct and list values (which hparams do not use) read as undefined. */
function readValue(bytes: Uint8Array): HParamValue | undefined {
  let value: HParamValue | undefined;
  for (const f of readFields(bytes)) {
    if (f.field === 2) value = f.number;
    else if (f.field === 3) value = text(f.bytes);
    else if (f.field === 4) value = f.int !== 0;
  }
  return value;
}

function readListValue(bytes: Uint8Array): HParamValue[] {
  const values: HParamValue[] = [];
  for (const f of readFields(bytes)) {
    if (f.field !== 1) continue;
    const v = readValue(f.bytes);
    if (v !== undefined) values.push(v);
  }
  return values;
}

/**
 * The type an hparam of these values has — float64, bool or string — or undefined when
 * they mix types (`5` and `8x6x4`), which one HParamInfo cannot describe.
 */
export function hparamType(values: readonly HParamValue[]): HParamType | undefined {
  if (values.every((v) => typeof v === 'number')) return 'float64';
  if (values.every((v) => typeof v === 'boolean')) return 'bool';
  if (values.every((v) => typeof v === 'string')) return 'string';
  return undefined;
}
