import { useEffect } from 'react';
import { openProject } from '../route';
import { useProjects } from '../state/projects';
import { reportError } from '../state/ui';

/** The bundled templates (resources/templates), each opening as a new project. */
export function Gallery({ limit }: { limit?: number }) {
  const gallery = useProjects((s) => s.gallery);
  useEffect(() => {
    useProjects.getState().loadGallery().catch(reportError);
  }, []);
  const open = async (file: string) => {
    try {
      const project = await useProjects.getState().openBundled(file);
      openProject(project.id);
    } catch (err) {
      reportError(err);
    }
  };
  if (!gallery.length) return <p className="faint">No bundled templates found.</p>;
  return (
    <div className="gallery" data-testid="gallery">
      {gallery.slice(0, limit).map((t) => (
        <button key={t.file} className="gallery-card" onClick={() => void open(t.file)} data-template={t.file}>
          <span className="name">{t.name}</span>
          {t.description && <span className="desc">{t.description}</span>}
          <span className="faint" style={{ fontSize: 11.5 }}>
            {t.nodeCount} node{t.nodeCount === 1 ? '' : 's'}
          </span>
          <span className="kinds">
            {t.kinds.map((k) => (
              <span key={k} className="chip">
                {k}
              </span>
            ))}
          </span>
        </button>
      ))}
    </div>
  );
}
