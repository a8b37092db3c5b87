/** Input data that cannot be used (corrupt, truncated, inconsistent); the message names the file. */
export class DataError extends Error {
  override readonly name = 'DataError';
}
