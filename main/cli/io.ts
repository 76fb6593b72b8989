export interface Out {
  write(text: string): void;
  isTTY?: boolean;
}

/** What a command may read: the process's standard input unless a test gives another. */
export interface In extends AsyncIterable<string | Uint8Array> {
  isTTY?: boolean;
}

/** Where a command writes: the process's streams, or buffers in tests. */
export interface Io {
  stdout: Out;
  stderr: Out;
  stdin?: In;
}
