import { describe, expect, it } from 'vitest';
import { isExternalWebLink } from './external-link';

describe('links the app window hands to the system browser', () => {
  it('takes http and https pages, such as a deployed app', () => {
    expect(isExternalWebLink('http://127.0.0.1:49152/')).toBe(true);
    expect(isExternalWebLink('https://example.com/docs?a=1')).toBe(true);
  });

  it('refuses every other scheme, credentials in the URL, and what is not a URL', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'vscode://open', 'smb://host/share', 'http://user:pw@host/', 'not a url']) {
      expect(isExternalWebLink(url), url).toBe(false);
    }
  });
});
