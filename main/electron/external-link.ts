/**
 * Whether a link the app window asks to open is a web page for the person's own browser: a
 * URL a node produced (a deployed app, a workspace, a model server). Only http and https: a
 * `file:`, `javascript:` or custom-scheme link could run something on the machine.
 */
export function isExternalWebLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
