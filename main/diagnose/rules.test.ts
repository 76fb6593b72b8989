import { describe, expect, it } from 'vitest';
import { diagnoseOffline } from './rules';

// What the offline rules must not claim: words they look for, said about something else.
const diagnose = (error: string, logTail = '', kind = 'shell') => diagnoseOffline({ runId: 'r', nodeId: 'n', kind, error, logTail, params: {}, files: [] });

describe('offline rules, on words said about something else', () => {
  it('"killed" in a log line is not out of memory; the shell\'s own Killed is', () => {
    expect(diagnose('command exited with code 1', 'worker 3 killed after timeout\nsome tests failed')?.source).not.toBe('out-of-memory');
    expect(diagnose('command exited with code 137', 'sh: line 1:   42 Killed                  python3 hog.py')?.source).toBe('out-of-memory');
    expect(diagnose('command exited with code 1', 'Killed')?.source).toBe('out-of-memory');
  });

  it('an SSH key the remote refused is not a file the app may not write', () => {
    expect(diagnose('command exited with code 128', 'git@example.org: Permission denied (publickey).\nfatal: Could not read from remote repository.')?.source).not.toBe('permission-denied');
  });

  it('an error type inside a line is not a crash on start', () => {
    expect(diagnose('service app did not come up (last check: exit 1: urllib.error.HTTPError: HTTP Error 404: Not Found)', '')?.source).not.toBe('crashed-on-start');
  });
});
