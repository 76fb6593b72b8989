/** Replaces every form a secret could take in git's output with `***`. */
export function redactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (!s) continue;
    forms.add(s);
    forms.add(encodeURIComponent(s));
    // The Authorization header carries it base64-encoded after a username.
    forms.add(Buffer.from(`x-access-token:${s}`).toString('base64'));
  }
  const list = [...forms].filter((f) => f.length >= 4).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const f of list) out = out.split(f).join('***');
    // Credentials written into a URL (https://user:secret@host) are never shown either.
    return out.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1***@');
  };
}

/** A remote as it may be shown: a URL loses any credentials in it. */
export function displayRemote(remote: string): string {
  return redactor([])(remote);
}
