// The SGEMM's register tile: MR rows × NR columns of C per micro-kernel call.
export const MR = 6;
export const NR = 8;
