import { useState, type KeyboardEvent } from 'react';
import { ASK_TEXT_MAX } from '../../../preload/contract';

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
  // Refused here, before it is sent: the text stays in the box to be cut down.
  const tooLong = text.trim().length > ASK_TEXT_MAX;
  const send = () => {
    if (busy || !text.trim() || tooLong) return;
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
      <button className="btn primary" type="submit" disabled={busy || !text.trim() || tooLong}>
        {busy ? 'Thinking…' : sendLabel}
      </button>
      {tooLong && (
        <p className="chat-box-note" role="alert">
          {text.trim().length.toLocaleString('en')} characters: a request holds at most {ASK_TEXT_MAX.toLocaleString('en')}. Say what the app should do;
          a long specification can go in the blueprint once the pipeline is made.
        </p>
      )}
    </form>
  );
}
