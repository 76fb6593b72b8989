/** Brings the result of the run into view: below a long form it is otherwise out of sight. */
export function OutputJump() {
  return (
    <button
      className="btn small ghost"
      onClick={() => document.querySelector('[data-testid="node-outputs"]')?.scrollIntoView({ behavior: 'smooth', block: 'start' })}
      title="Scroll to what the node received and produced"
    >
      Output ↓
    </button>
  );
}
