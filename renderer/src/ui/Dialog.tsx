import { useEffect, useRef, type ReactNode } from 'react';
import { CloseIcon } from './icons';

interface DialogProps {
  title: ReactNode;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  label?: string;
}

/** A modal: Escape or a click outside closes it; focus moves into it. */
export function Dialog({ title, onClose, children, footer, wide, label }: DialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>('[autofocus], input, textarea, select, button.primary');
    first?.focus();
  }, []);
  return (
    <div
      className="overlay"
      onMouseDown={(e) => e.target === e.currentTarget && onClose()}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div ref={ref} className={`dialog${wide ? ' wide' : ''}`} role="dialog" aria-modal="true" aria-label={label ?? (typeof title === 'string' ? title : undefined)}>
        <div className="dialog-head">
          <h2>{title}</h2>
          <span className="spacer" />
          <button className="btn ghost icon" aria-label="Close" onClick={onClose}>
            <CloseIcon size={16} aria-hidden="true" />
          </button>
        </div>
        <div className="dialog-body">{children}</div>
        {footer && <div className="dialog-foot">{footer}</div>}
      </div>
    </div>
  );
}
