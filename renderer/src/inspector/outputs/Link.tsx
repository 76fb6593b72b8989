/** A URL a node produced, opened outside the editor (a new tab; the system browser in the desktop app). */
export function Link({ url, children }: { url: string; children?: React.ReactNode }) {
  return (
    <a className="out-link" href={url} target="_blank" rel="noreferrer noopener" title={`Open ${url} in a new window`}>
      {children ?? url}
    </a>
  );
}
