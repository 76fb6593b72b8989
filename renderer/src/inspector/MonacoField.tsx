import Editor, { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { useTheme } from '../ui/theme';
import type { FieldSpec } from './schema-fields';

// Monaco from the bundle, never from a CDN (the CSP and offline machines both forbid it).
self.MonacoEnvironment = { getWorker: () => new EditorWorker() };
loader.config({ monaco });

/** Code and long text: Monaco with the language the param's schema names. */
export default function MonacoField({
  field,
  value,
  readOnly,
  onChange,
}: {
  field: FieldSpec;
  value: string;
  readOnly: boolean;
  onChange(value: unknown): void;
}) {
  const theme = useTheme();
  return (
    <div className={`code-field${field.long ? '' : ' tall'}`} data-field={field.key} data-testid={`code-${field.key}`}>
      <Editor
        value={value}
        language={field.language === 'shell' ? 'shell' : field.language}
        theme={theme === 'dark' ? 'vs-dark' : 'vs'}
        onChange={(v) => onChange(v === '' && !field.required ? undefined : (v ?? ''))}
        options={{
          readOnly,
          minimap: { enabled: false },
          lineNumbers: field.long ? 'off' : 'on',
          wordWrap: field.long ? 'on' : 'off',
          fontSize: 12.5,
          scrollBeyondLastLine: false,
          automaticLayout: true,
          renderLineHighlight: 'none',
          overviewRulerLanes: 0,
          padding: { top: 6 },
          // Keeps typed spaces and input methods working the same in every browser.
          editContext: false,
        }}
      />
    </div>
  );
}
