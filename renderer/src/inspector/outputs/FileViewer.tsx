import Editor, { DiffEditor, loader } from '@monaco-editor/react';
import { useEffect, useId, useRef } from 'react';
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { useTheme } from '../../ui/theme';
import { languageOf } from './file-changes';

// Monaco from the bundle, never from a CDN (the CSP and offline machines both forbid it).
self.MonacoEnvironment = { getWorker: () => new EditorWorker() };
loader.config({ monaco });

const OPTIONS = {
  readOnly: true,
  domReadOnly: true,
  minimap: { enabled: false },
  fontSize: 12.5,
  scrollBeyondLastLine: false,
  automaticLayout: true,
  renderLineHighlight: 'none' as const,
};

/** A kept file, read-only; with `previous`, the changes from the previous run side by side. */
export default function FileViewer({ path, text, previous }: { path: string; text: string; previous?: string }) {
  const theme = useTheme() === 'dark' ? 'vs-dark' : 'vs';
  const language = languageOf(path);
  // The diff editor's models are released after the editor itself: Monaco throws when a model
  // goes first (the wrapper's own order on unmount).
  const models = useRef<monaco.editor.IDiffEditorModel | null>(null);
  // Models of their own for each viewer: the wrapper looks models up by path and would share one.
  const id = useId().replace(/[^A-Za-z0-9]/g, '');
  useEffect(
    () => () => {
      const kept = models.current;
      setTimeout(() => {
        kept?.original.dispose();
        kept?.modified.dispose();
      });
    },
    [],
  );
  if (previous !== undefined) {
    return (
      <div className="file-viewer" data-testid="file-diff">
        <DiffEditor
          original={previous}
          modified={text}
          language={language}
          theme={theme}
          originalModelPath={`inmemory://run-files/${id}/previous/${path}`}
          modifiedModelPath={`inmemory://run-files/${id}/current/${path}`}
          keepCurrentOriginalModel
          keepCurrentModifiedModel
          onMount={(editor) => {
            models.current = editor.getModel();
          }}
          options={{ ...OPTIONS, originalEditable: false, renderSideBySide: true }}
        />
      </div>
    );
  }
  return (
    <div className="file-viewer" data-testid="file-viewer">
      <Editor value={text} language={language} theme={theme} options={OPTIONS} />
    </div>
  );
}
