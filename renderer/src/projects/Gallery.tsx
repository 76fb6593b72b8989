import { useEffect, useMemo, useState } from 'react';
import { openProject } from '../route';
import { useProjects } from '../state/projects';
import { reportError } from '../state/ui';
import { GraphThumbnail } from './GraphThumbnail';

/** The bundled templates (resources/templates), each opening as a new project; filtered by tag. */
export function Gallery({ limit }: { limit?: number }) {
  const gallery = useProjects((s) => s.gallery);
  const [tag, setTag] = useState<string | undefined>();
  useEffect(() => {
    useProjects.getState().loadGallery().catch(reportError);
  }, []);
  const tags = useMemo(() => [...new Set(gallery.flatMap((t) => t.tags))].sort(), [gallery]);
  const open = async (file: string) => {
    try {
      const project = await useProjects.getState().openBundled(file);
      openProject(project.id);
    } catch (err) {
      reportError(err);
    }
  };
  if (!gallery.length) return <p className="faint">No bundled templates found.</p>;
  const shown = gallery.filter((t) => !tag || t.tags.includes(tag)).slice(0, limit);
  return (
    <>
      {tags.length > 0 && !limit && (
        <div className="gallery-tags" role="group" aria-label="Show templates tagged">
          <button className={`tag-filter${tag ? '' : ' on'}`} aria-pressed={!tag} onClick={() => setTag(undefined)}>
            All
          </button>
          {tags.map((t) => (
            <button key={t} className={`tag-filter${tag === t ? ' on' : ''}`} aria-pressed={tag === t} onClick={() => setTag(tag === t ? undefined : t)}>
              {t}
            </button>
          ))}
        </div>
      )}
      <div className="gallery" data-testid="gallery">
        {shown.map((t) => (
          <button key={t.file} className="gallery-card" onClick={() => void open(t.file)} data-template={t.file}>
            <GraphThumbnail sketch={t.sketch} label={`The graph of ${t.name}: ${t.nodeCount} steps`} />
            <span className="name">{t.name}</span>
            {t.description && <span className="desc">{t.description}</span>}
            <span className="gallery-card-foot">
              <span className="faint">
                {t.nodeCount} node{t.nodeCount === 1 ? '' : 's'}
              </span>
              {t.tags.map((k) => (
                <span key={k} className="chip tag">
                  {k}
                </span>
              ))}
            </span>
          </button>
        ))}
      </div>
    </>
  );
}
