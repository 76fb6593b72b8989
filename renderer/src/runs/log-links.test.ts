import { describe, expect, it } from 'vitest';
import { urlRanges } from './log-links';

describe('URLs in a log line', () => {
  it('finds each URL with where it starts', () => {
    expect(urlRanges('started app on http://127.0.0.1:32795; waiting for / to answer')).toEqual([{ start: 15, url: 'http://127.0.0.1:32795' }]);
    expect(urlRanges('http://a.b/x and https://c.d/y?z=1')).toEqual([
      { start: 0, url: 'http://a.b/x' },
      { start: 17, url: 'https://c.d/y?z=1' },
    ]);
  });

  it('leaves out the punctuation and brackets around a URL, keeping those it opened', () => {
    expect(urlRanges('(see http://x.io/docs).')).toEqual([{ start: 5, url: 'http://x.io/docs' }]);
    expect(urlRanges('http://en.wiki/A_(b)')).toEqual([{ start: 0, url: 'http://en.wiki/A_(b)' }]);
    expect(urlRanges('no link here, nor http:// alone')).toEqual([]);
  });
});
