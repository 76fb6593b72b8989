import { useMemo } from 'react';
import { definitionsByKind } from '../../../nodes/definitions';
import { focusNode, nodeName } from '../state/focus';
import { isQuiet, useFresh } from '../state/fresh-nodes';
import { useGraph } from '../state/graph';
import { plainIssue } from '../state/plain-issues';

const titleOf = (kind: string) => definitionsByKind.get(kind)?.title;

/** The pipeline's problems in plain words; clicking one selects and centres its node. */
export function ProblemsList({ onPick }: { onPick?: () => void }) {
  const issues = useGraph((s) => s.issues);
  const fresh = useFresh((s) => s.ids);
  const items = useMemo(
    () => issues.map((i) => ({ ...plainIssue(i, (id) => nodeName(id, titleOf)), quiet: isQuiet(i, fresh) })),
    [issues, fresh],
  );
  return (
    <ul className="issue-list problems" data-testid="problems">
      {items.map((item, n) => (
        <li key={n} className={item.quiet ? 'quiet' : undefined}>
          {item.nodeId ? (
            <button
              className="problem-link"
              title="Select this node"
              onClick={() => {
                onPick?.();
                focusNode(item.nodeId!);
              }}
            >
              {item.long}
            </button>
          ) : (
            item.long
          )}
        </li>
      ))}
    </ul>
  );
}
