import type { Project } from '../../../preload/contract';
import { openProject } from '../route';
import { useProjects } from '../state/projects';
import { useUi } from '../state/ui';
import { ProjectCost } from '../runs/CostSummary';

function ago(at: number): string {
  const s = Math.max(0, Math.round((Date.now() - at) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(at).toLocaleDateString();
}

export function ProjectCard({ project }: { project: Project }) {
  const open = useUi((s) => s.openDialog);
  const stop = (e: React.MouseEvent) => e.stopPropagation();
  return (
    <div
      className="project-card"
      role="link"
      tabIndex={0}
      data-project={project.id}
      onClick={() => openProject(project.id)}
      onKeyDown={(e) => e.key === 'Enter' && openProject(project.id)}
    >
      <div className="name">{project.name}</div>
      <div className="meta">
        <span className="mono">{project.id}</span> · edited {ago(project.updatedAt)}
      </div>
      <ProjectCost projectId={project.id} />
      <div className="actions" onClick={stop}>
        <button
          className="btn small ghost"
          onClick={() =>
            open({
              type: 'prompt',
              title: 'Rename project',
              label: 'Name',
              value: project.name,
              confirm: 'Rename',
              onConfirm: (name) => useProjects.getState().rename(project.id, name),
            })
          }
        >
          Rename
        </button>
        <button
          className="btn small ghost"
          onClick={() =>
            open({
              type: 'prompt',
              title: 'Duplicate project',
              label: 'Name of the copy',
              value: `${project.name} copy`,
              confirm: 'Duplicate',
              onConfirm: async (name) => void (await useProjects.getState().duplicate(project.id, name)),
            })
          }
        >
          Duplicate
        </button>
        <button
          className="btn small ghost danger"
          onClick={() =>
            open({
              type: 'confirm',
              title: `Delete “${project.name}”?`,
              message: 'Its pipeline, revisions, runs and logs are deleted for good. This cannot be undone.',
              confirm: 'Delete project',
              onConfirm: () => useProjects.getState().remove(project.id),
            })
          }
        >
          Delete
        </button>
      </div>
    </div>
  );
}
