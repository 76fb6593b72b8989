import { useState, type KeyboardEvent } from 'react';

/** The box a person types a request into: Enter sends, Shift+Enter starts a new line. */
export function ChatBox({
  label,
  placeholder,
  busy,
  onSend,
  autoFocus,
  sendLabel = 'Send',
}: {
  label: string;
  placeholder: string;
  busy: boolean;
  onSend(text: string): void | Promise<void>;
  autoFocus?: boolean;
  sendLabel?: string;
}) {
  const [text, setText] = useState('');
  const send = () => {
    if (busy || !text.trim()) return;
    const sent = text.trim();
    setText('');
    void onSend(sent);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  };
  return (
    <form
      className="chat-box"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <textarea
        className="input"
        aria-label={label}
        placeholder={placeholder}
        rows={2}
        value={text}
        autoFocus={autoFocus}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <button className="btn primary" type="submit" disabled={busy || !text.trim()}>
        {busy ? 'Thinking…' : sendLabel}
      </button>
    </form>
  );
}
