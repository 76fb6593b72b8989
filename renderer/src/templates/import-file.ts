import { call } from '../api';
import { useGraph } from '../state/graph';
import { useProjects } from '../state/projects';
import { reportError, useUi } from '../state/ui';
import { openProject } from '../route';

/** Imports a template file as a new project and shows what it will run before anything does. */
export async function importTemplateFile(file: File): Promise<void> {
  try {
    const text = await file.text();
    const result = await call('templates.import', { fileName: file.name, text });
    await useProjects.getState().refresh();
    openProject(result.project.id);
    useUi.getState().toast('success', `Imported “${result.project.name}” from ${file.name}`);
  } catch (err) {
    reportError(err);
  }
}

/** Offers the file picker (the browser's, or Electron's through the same input). */
export function pickTemplateFile(): void {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = '.json,application/json';
  input.style.display = 'none';
  input.dataset.testid = 'template-file-input';
  input.onchange = () => {
    const file = input.files?.[0];
    input.remove();
    if (file) void importTemplateFile(file);
  };
  document.body.appendChild(input);
  input.click();
}

/** Saves text as a file through the browser's download (Electron shows its save dialog). */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Says which secret values an export took out of the file (pasted into params, they would have left with it). */
export function warnRemovedSecrets(names: readonly string[]): void {
  if (!names.length) return;
  const one = names.length === 1;
  useUi
    .getState()
    .toast(
      'info',
      `The value${one ? '' : 's'} of secret${one ? '' : 's'} ${names.join(', ')} ${one ? 'was' : 'were'} in this pipeline's params: the file has "[secret ${names[0]}]" in ${one ? 'its' : 'their'} place, so whoever imports it puts in their own.`,
    );
}

export async function exportPipeline(pipelineId: string): Promise<void> {
  // With pins, the person chooses whether they travel; without, there is nothing to ask.
  const pinnedCount = useGraph.getState().nodes.filter((n) => 'settings' in n.data && n.data.settings?.pinned).length;
  if (pinnedCount && useGraph.getState().pipelineId === pipelineId) {
    useUi.getState().openDialog({ type: 'export', pipelineId, pinnedCount });
    return;
  }
  const { fileName, text, removedSecrets } = await call('templates.export', { pipelineId });
  downloadText(fileName, text);
  useUi.getState().toast('success', `Exported ${fileName}`);
  warnRemovedSecrets(removedSecrets);
}
