import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { CloseIcon } from './icons';

interface DialogProps {
  title: ReactNode;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  /** The dialog's accessible name when its title is not plain words. */
  label?: string;
  /** Without the title bar (Ctrl+K's search box): `label` names it then. */
  bare?: boolean;
  className?: string;
}

/** Open dialogs, the topmost last: only that one answers Escape and Tab. */
const open: symbol[] = [];

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(box: HTMLElement): HTMLElement[] {
  return Array.from(box.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => el.getClientRects().length > 0);
}

/**
 * A modal, the only kind the app has. Escape closes it wherever the focus is; focus moves into it,
 * Tab and Shift+Tab cycle inside it, and focus goes back to what opened it when it closes. A
 * click outside closes it too.
 */
export function Dialog({ title, onClose, children, footer, wide, label, bare, className }: DialogProps) {
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  // Read while rendering: a field with autoFocus inside takes the focus before any effect runs.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : undefined));
  useEffect(() => {
    close.current = onClose;
  });

  useEffect(() => {
    const me = Symbol('dialog');
    open.push(me);
    const el = box.current!;
    const first = el.querySelector<HTMLElement>('[autofocus], input:not([type="hidden"]), textarea, select, button.primary') ?? undefined;
    // Nothing to type in: the dialog itself takes the focus, so Tab starts at its first control.
    (first ?? el).focus();

    const onKey = (e: KeyboardEvent) => {
      if (open.at(-1) !== me) return;
      if (e.key === 'Escape') {
        // A control inside that used Escape itself (a suggestion list, an editor) keeps it.
        if (e.defaultPrevented) return;
        e.preventDefault();
        close.current();
      } else if (e.key === 'Tab') {
        const items = focusables(el);
        if (!items.length) {
          e.preventDefault();
          return;
        }
        const at = items.indexOf(document.activeElement as HTMLElement);
        const next = e.shiftKey ? (at <= 0 ? items.length - 1 : at - 1) : at === items.length - 1 || at < 0 ? 0 : at + 1;
        e.preventDefault();
        items[next].focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      open.splice(open.indexOf(me), 1);
      if (opener?.isConnected) opener.focus();
    };
  }, [opener]);

  const classes = ['dialog', wide ? 'wide' : '', className ?? ''].filter(Boolean).join(' ');
  const name = label ?? (bare && typeof title === 'string' ? title : undefined);
  const named = name !== undefined ? { 'aria-label': name } : { 'aria-labelledby': titleId };
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={box} className={classes} role="dialog" aria-modal="true" tabIndex={-1} {...named}>
        {bare ? (
          children
        ) : (
          <>
            <div className="dialog-head">
              <h2 id={titleId}>{title}</h2>
              <span className="spacer" />
              <button className="btn ghost icon" aria-label="Close" onClick={onClose}>
                <CloseIcon size={16} aria-hidden="true" />
              </button>
            </div>
            <div className="dialog-body">{children}</div>
            {footer && <div className="dialog-foot">{footer}</div>}
          </>
        )}
      </div>
    </div>
  );
}
