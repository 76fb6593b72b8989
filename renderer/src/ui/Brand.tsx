export function Brand({ onClick }: { onClick?: () => void }) {
  return (
    <button className="brand btn ghost" onClick={onClick} style={{ paddingLeft: 4 }} aria-label="Pipewright: all projects">
      <span className="brand-mark" aria-hidden="true">
        P
      </span>
      Pipewright
    </button>
  );
}
