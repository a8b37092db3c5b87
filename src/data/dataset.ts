/**
 * A labelled data set of points in the plane or in any dimension.
 * `x` holds `n × features` values row-major; `y` holds one class index per row.
 */
export interface Dataset {
  /** Inputs, row-major `[n, features]`. */
  readonly x: Float64Array;
  /** Class label of each row, `[n]`. */
  readonly y: Int32Array;
  /** Number of rows. */
  readonly n: number;
  /** Number of input features per row. */
  readonly features: number;
  /** Number of classes (max label + 1). */
  readonly classes: number;
}
