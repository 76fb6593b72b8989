export interface Out {
  write(text: string): void;
  isTTY?: boolean;
}

/** Where a command writes: the process's streams, or buffers in tests. */
export interface Io {
  stdout: Out;
  stderr: Out;
}
